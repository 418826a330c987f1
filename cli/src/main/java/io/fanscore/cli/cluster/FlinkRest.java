package io.fanscore.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few calls of Flink's REST API the CLI and the tests read the cluster's state with. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A TaskManager as the JobManager sees it. */
    public record TaskManager(String id, int slots, int freeSlots) {}

    /** A job as the JobManager sees it. */
    public record Job(String id, String name, String state) {}

    /** Checkpoint counters of a job, and when the latest completed one was triggered. */
    public record Checkpoints(long completed, long failed, long restored, long latestTriggeredAt) {}

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(String restUrl) {
        this.base = URI.create(restUrl.endsWith("/") ? restUrl : restUrl + "/");
    }

    public String url() {
        return base.toString();
    }

    /** Whether the REST API answers at all. */
    public boolean reachable() {
        try {
            get("config");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public List<TaskManager> taskManagers() throws IOException, InterruptedException {
        List<TaskManager> result = new ArrayList<>();
        for (JsonNode tm : get("taskmanagers").path("taskmanagers")) {
            result.add(
                    new TaskManager(
                            tm.path("id").asText(),
                            tm.path("slotsNumber").asInt(),
                            tm.path("freeSlots").asInt()));
        }
        return result;
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> result = new ArrayList<>();
        for (JsonNode job : get("jobs/overview").path("jobs")) {
            result.add(
                    new Job(
                            job.path("jid").asText(),
                            job.path("name").asText(),
                            job.path("state").asText()));
        }
        return result;
    }

    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId).path("state").asText();
    }

    /** Whether the job is RUNNING with every one of its tasks running. */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** The job's {@code numRestarts} metric. */
    /**
     * When the job last switched to RESTARTING (epoch millis), 0 if never: from the job's own
     * state, where the restart count is a metric the JobManager refreshes on its own schedule.
     */
    public long lastRestartingAt(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId).path("timestamps").path("RESTARTING").asLong(0);
    }

    public long restarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode metric : get("jobs/" + jobId + "/metrics?get=numRestarts")) {
            return metric.path("value").asLong();
        }
        return 0;
    }

    public Checkpoints checkpoints(String jobId) throws IOException, InterruptedException {
        JsonNode stats = get("jobs/" + jobId + "/checkpoints");
        JsonNode counts = stats.path("counts");
        return new Checkpoints(
                counts.path("completed").asLong(),
                counts.path("failed").asLong(),
                counts.path("restored").asLong(),
                stats.path("latest").path("completed").path("trigger_timestamp").asLong(0));
    }

    /** The id of the job's vertex whose name contains {@code namePart}, if any. */
    public Optional<String> vertexId(String jobId, String namePart)
            throws IOException, InterruptedException {
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            if (vertex.path("name").asText().contains(namePart)) {
                return Optional.of(vertex.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** The TaskManagers the job's subtasks run on, by TaskManager id. */
    public List<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        List<String> result = new ArrayList<>();
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            JsonNode tms =
                    get(
                            "jobs/"
                                    + jobId
                                    + "/vertices/"
                                    + vertex.path("id").asText()
                                    + "/taskmanagers");
            for (JsonNode tm : tms.path("taskmanagers")) {
                String id = tm.path("taskmanager-id").asText();
                if (!id.isEmpty() && !result.contains(id)) {
                    result.add(id);
                }
            }
        }
        return result;
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
