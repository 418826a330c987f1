package io.fanscore.cli.cluster;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.process.JavaCommand;
import io.fanscore.cli.process.LogTail;
import io.fanscore.cli.process.LoopbackPorts;
import io.fanscore.cli.process.PidFile;
import io.fanscore.cli.process.StagedClasspath;

import org.apache.flink.configuration.RestOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Flink standalone session cluster on 127.0.0.1: one JobManager and {@link #TASK_MANAGERS}
 * TaskManagers, each in its own JVM, started as Flink's own scripts start them but from the
 * classpath the local-flink module resolves (there is no Flink download). Configuration, logs, pid
 * files, checkpoints and savepoints live in the cluster directory ({@code .fanscore/cluster}). The
 * processes outlive the command that started them; the pid files let later commands find and stop
 * them. Jobs are submitted and stopped with Flink's own command line, as on any cluster.
 */
public final class LocalFlinkCluster {

    public static final int TASK_MANAGERS = 2;

    static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String RESOURCE_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String FLINK_CLI = "org.apache.flink.client.cli.CliFrontend";

    private static final String RESOURCE_RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_TAIL_LINES = 40;

    /** A TaskManager process of ours, by the resource id it registers with. */
    public record TaskManagerProcess(String id, long pid) {}

    /** The cluster's processes and where its REST API answers. */
    public record Running(
            String restUrl,
            long jobManagerPid,
            List<TaskManagerProcess> taskManagers,
            boolean reused) {
        public FlinkRest rest() {
            return new FlinkRest(restUrl);
        }
    }

    private final Path dir;
    private final Path libDir;
    private final Path productionConfDir;

    public LocalFlinkCluster(FanscoreHome home) {
        this.dir = home.clusterDir();
        this.libDir = home.flinkLibDir();
        this.productionConfDir = home.flinkConfDir();
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    public String savepointsUri() {
        return dir.resolve("savepoints").toUri().toString();
    }

    /** Starts the cluster, or returns the one already running with the same REST port. */
    public Running start(ClusterPorts ports) throws IOException, InterruptedException {
        Optional<Running> running = running();
        if (running.isPresent()) {
            if (!running.get().restUrl().equals(restUrl(ports.rest()))) {
                throw new ClusterException(
                        "a local Flink cluster is already running at "
                                + running.get().restUrl()
                                + "; stop it first with ./fanscore cluster stop");
            }
            int lost = TASK_MANAGERS - running.get().taskManagers().size();
            if (lost > 0) {
                throw new ClusterException(
                        "the local Flink cluster has lost "
                                + lost
                                + " TaskManager(s); restart it with ./fanscore cluster stop,"
                                + " then ./fanscore cluster start");
            }
            awaitTaskManagers(running.get().rest(), List.of());
            return running.get();
        }
        if (!StagedClasspath.contains(libDir, "flink-runtime")) {
            throw new ClusterException(
                    "no Flink classpath in "
                            + libDir
                            + "; build it with: mvn -o package -DskipTests -pl local-flink -am");
        }
        for (int port : ports.all()) {
            if (!LoopbackPorts.isFree(port)) {
                throw new ClusterException(
                        "port " + port + " on 127.0.0.1 is in use by another process");
            }
        }
        Files.createDirectories(logDir());
        // A rebuild must not swap the jars under running JVMs.
        StagedClasspath.copy(libDir, stagedLib());
        ClusterConfiguration.write(
                ClusterConfiguration.derive(productionConfDir, dir, ports), confDir());

        List<Process> processes = new ArrayList<>();
        Process jobManager =
                flinkProcess(
                        "jobmanager",
                        JOB_MANAGER_MAIN,
                        resourceParams("GET_JM_RESOURCE_PARAMS"),
                        List.of("-D", "metrics.reporter.prom.port=" + ports.jobManagerMetrics()));
        jobManagerPidFile().write(jobManager.pid());
        processes.add(jobManager);
        List<TaskManagerProcess> taskManagers = new ArrayList<>();
        ResourceParams taskManagerParams = resourceParams("GET_TM_RESOURCE_PARAMS");
        for (int n = 1; n <= TASK_MANAGERS; n++) {
            String id = taskManagerId(n);
            Process taskManager =
                    flinkProcess(
                            id,
                            TASK_MANAGER_MAIN,
                            taskManagerParams,
                            List.of(
                                    "-D",
                                    "taskmanager.resource-id=" + id,
                                    "-D",
                                    "metrics.reporter.prom.port=" + ports.taskManagerMetrics(n)));
            taskManagerPidFile(n).write(taskManager.pid());
            processes.add(taskManager);
            taskManagers.add(new TaskManagerProcess(id, taskManager.pid()));
        }
        Running started = new Running(restUrl(ports.rest()), jobManager.pid(), taskManagers, false);
        awaitTaskManagers(started.rest(), processes);
        return started;
    }

    /** The cluster of the pid files, if its JobManager is alive. */
    public Optional<Running> running() throws IOException {
        Optional<ProcessHandle> jobManager = jobManagerPidFile().process();
        if (jobManager.isEmpty()) {
            return Optional.empty();
        }
        List<TaskManagerProcess> taskManagers = new ArrayList<>();
        for (int n = 1; n <= TASK_MANAGERS; n++) {
            String id = taskManagerId(n);
            taskManagerPidFile(n)
                    .process()
                    .ifPresent(tm -> taskManagers.add(new TaskManagerProcess(id, tm.pid())));
        }
        int restPort = ClusterConfiguration.read(confDir()).get(RestOptions.PORT);
        return Optional.of(
                new Running(restUrl(restPort), jobManager.get().pid(), taskManagers, true));
    }

    /**
     * Stops the TaskManagers, then the JobManager (SIGTERM, SIGKILL after a grace period); jobs on
     * the cluster end with it. Returns the pids stopped.
     */
    public List<Long> stop() throws IOException, InterruptedException {
        List<Long> stopped = new ArrayList<>();
        for (int n = 1; n <= TASK_MANAGERS; n++) {
            taskManagerPidFile(n).stop(STOP_TIMEOUT).ifPresent(stopped::add);
        }
        OptionalLong jobManager = jobManagerPidFile().stop(STOP_TIMEOUT);
        jobManager.ifPresent(stopped::add);
        return stopped;
    }

    /** Runs Flink's own command line ({@code flink <args>}) against this cluster. */
    public JavaCommand.Result flink(List<String> args) throws IOException, InterruptedException {
        return flink(args, dir);
    }

    /** As {@link #flink(List)}, with relative paths in {@code args} against {@code workingDir}. */
    public JavaCommand.Result flink(List<String> args, Path workingDir)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(FlinkJvmOptions.JAVA_17);
        jvm.addAll(logOptions("flink-client"));
        return new JavaCommand(jvm, stagedLib(), FLINK_CLI)
                .withArgs(args)
                .withEnvironment("FLINK_CONF_DIR", confDir().toString())
                .run(workingDir, TOOL_TIMEOUT);
    }

    /**
     * Submits {@code jar} detached with Flink's command line ({@code flink run -d}), from {@code
     * savepoint} if given; returns the job id.
     */
    public String submit(Path jar, String savepoint, List<String> jobArgs)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        if (savepoint != null) {
            args.addAll(List.of("-s", savepoint));
        }
        args.add(jar.toString());
        args.addAll(jobArgs);
        return matchOrFail(flink(args), JOB_ID, "flink run");
    }

    /**
     * Stops a job with a savepoint in the cluster's savepoint directory ({@code flink stop}); with
     * {@code drain}, event time first advances to the end so that every waiting event and timer is
     * processed. Returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, boolean drain)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("stop", "--savepointPath", savepointsUri()));
        if (drain) {
            args.add("--drain");
        }
        args.add(jobId);
        return matchOrFail(flink(args), SAVEPOINT, "flink stop");
    }

    private static String matchOrFail(JavaCommand.Result result, Pattern pattern, String what) {
        Matcher matcher = pattern.matcher(result.output());
        if (result.exitCode() != 0 || !matcher.find()) {
            throw new ClusterException(
                    what + " failed (exit code " + result.exitCode() + "):\n" + result.output());
        }
        return matcher.group(1);
    }

    /** JVM memory options and {@code -D} settings Flink computes from the configuration. */
    private record ResourceParams(List<String> jvmOptions, List<String> dynamicProperties) {}

    /**
     * What Flink's scripts ask BashJavaUtils for before starting a process: the JVM's memory
     * options (line 1) and the memory settings as {@code -D} properties (line 2), without which a
     * TaskManager refuses to start.
     */
    private ResourceParams resourceParams(String command) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx128m"));
        jvm.addAll(logOptions("resource-params"));
        JavaCommand.Result result =
                new JavaCommand(
                                jvm,
                                stagedLib(),
                                RESOURCE_UTILS,
                                command,
                                "--configDir",
                                confDir().toString())
                        .run(dir, START_TIMEOUT);
        List<String> lines =
                result.output()
                        .lines()
                        .filter(line -> line.startsWith(RESOURCE_RESULT_PREFIX))
                        .map(line -> line.substring(RESOURCE_RESULT_PREFIX.length()).trim())
                        .toList();
        if (result.exitCode() != 0 || lines.size() < 2) {
            throw new ClusterException(
                    "computing the memory of the cluster processes failed:\n" + result.output());
        }
        return new ResourceParams(
                words(lines.get(lines.size() - 2)), words(lines.get(lines.size() - 1)));
    }

    private Process flinkProcess(
            String name, String mainClass, ResourceParams resources, List<String> ownProperties)
            throws IOException {
        List<String> jvm = new ArrayList<>(resources.jvmOptions());
        jvm.addAll(FlinkJvmOptions.JAVA_17);
        jvm.addAll(logOptions(name));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir().toString()));
        args.addAll(resources.dynamicProperties());
        args.addAll(ownProperties);
        return new JavaCommand(jvm, stagedLib(), mainClass)
                .withArgs(args)
                .startDetached(dir, logDir().resolve(name + ".out"));
    }

    /** Every process logs to its own file; the web UI shows it from {@code log.file}. */
    private List<String> logOptions(String name) {
        return List.of(
                "-Dlog.file=" + logDir().resolve(name + ".log"),
                "-Dlog4j2.configurationFile="
                        + confDir().resolve(ClusterConfiguration.LOG_CONFIG_FILE));
    }

    private void awaitTaskManagers(FlinkRest rest, List<Process> processes)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new ClusterException(
                            "a cluster process (pid "
                                    + process.pid()
                                    + ") exited with code "
                                    + process.exitValue()
                                    + ":\n"
                                    + logTails());
                }
            }
            if (rest.reachable() && rest.taskManagers().size() >= TASK_MANAGERS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException(
                        "the cluster at "
                                + rest.url()
                                + " did not have "
                                + TASK_MANAGERS
                                + " TaskManagers within "
                                + START_TIMEOUT.toSeconds()
                                + " s:\n"
                                + logTails());
            }
            Thread.sleep(250);
        }
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        List<String> names = new ArrayList<>(List.of("jobmanager"));
        for (int n = 1; n <= TASK_MANAGERS; n++) {
            names.add(taskManagerId(n));
        }
        for (String name : names) {
            Path out = logDir().resolve(name + ".out");
            Path log = logDir().resolve(name + ".log");
            tails.append("--- ").append(log).append('\n');
            tails.append(LogTail.of(log, LOG_TAIL_LINES)).append('\n');
            tails.append("--- ").append(out).append('\n');
            tails.append(LogTail.of(out, LOG_TAIL_LINES)).append('\n');
        }
        return tails.toString();
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String restUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    static String taskManagerId(int n) {
        return "taskmanager-" + n;
    }

    private Path stagedLib() {
        return dir.resolve("lib");
    }

    private PidFile jobManagerPidFile() {
        return new PidFile(dir.resolve("jobmanager.pid"), JOB_MANAGER_MAIN);
    }

    private PidFile taskManagerPidFile(int n) {
        return new PidFile(dir.resolve(taskManagerId(n) + ".pid"), TASK_MANAGER_MAIN);
    }
}
