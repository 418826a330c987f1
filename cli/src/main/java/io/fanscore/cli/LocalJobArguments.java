package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scoring job's {@code --key value} arguments as given to {@code fanscore run}, completed for a
 * local run: checkpoints under the data directory, a short checkpoint interval (output is visible
 * only after a checkpoint, and a bounded replay should finish fast), and a profile file found where
 * the user ran the command.
 */
final class LocalJobArguments {

    static final String LOCAL_CHECKPOINT_INTERVAL = "2s";

    private LocalJobArguments() {}

    /** Options whose value may be a file the user means relative to where they are. */
    private static final List<String> PATH_OPTIONS =
            List.of("profile", "profile-assignments", "kafka-config", "packages", "packages.salts");

    static List<String> complete(List<String> given, FanscoreHome home) {
        List<String> args = withUserPaths(given, home);
        if (!mentions(args, "checkpoint-dir")) {
            args.add("--checkpoint-dir");
            args.add(home.checkpointsUri());
        }
        if (!mentions(args, "checkpoint-interval")) {
            args.add("--checkpoint-interval");
            args.add(LOCAL_CHECKPOINT_INTERVAL);
        }
        return args;
    }

    /** The arguments with a profile file resolved where the user ran the command. */
    static List<String> withUserPaths(List<String> given, FanscoreHome home) {
        List<String> args = new ArrayList<>(given);
        for (String option : PATH_OPTIONS) {
            resolvePath(args, option, home);
        }
        return args;
    }

    private static boolean mentions(List<String> args, String key) {
        return args.stream()
                .anyMatch(arg -> arg.equals("--" + key) || arg.startsWith("--" + key + "="));
    }

    /**
     * A profile is a file path or a built-in name, a Kafka config a file path; a path is the
     * user's, not the repository's.
     */
    private static void resolvePath(List<String> args, String option, FanscoreHome home) {
        String flag = "--" + option;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(flag) && i + 1 < args.size()) {
                args.set(i + 1, userFileOrAsIs(args.get(i + 1), home));
            } else if (arg.startsWith(flag + "=")) {
                args.set(i, flag + "=" + userFileOrAsIs(arg.substring(flag.length() + 1), home));
            }
        }
    }

    /** A file the user named, resolved where they ran the command; anything else as given. */
    static String userFileOrAsIs(String value, FanscoreHome home) {
        Path path = home.resolveUserPath(value);
        return Files.isRegularFile(path) ? path.toString() : value;
    }
}
