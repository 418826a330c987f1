package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.state.LatestCheckpoint;
import io.fanscore.cli.state.PairStateDump;
import io.fanscore.jobs.JobConfig;
import io.fanscore.rules.scoring.PairExplanation;
import io.fanscore.rules.scoring.ProfileLoader;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pair's explanation from a savepoint or the newest checkpoint of the jobs run here: what
 * {@code explain} prints and the console shows.
 */
final class PairExplainer {

    /** An explanation, or why there is none. */
    record Outcome(PairExplanation.Explanation explanation, String problem) {}

    private final FanscoreHome home;
    private final String profile;
    private final String assignments;

    /**
     * @param profile the job's profile, a built-in name or a file
     * @param assignments the job's assignments file, null for none
     */
    PairExplainer(FanscoreHome home, String profile, String assignments) {
        this.home = home;
        this.profile = profile;
        this.assignments = assignments;
    }

    /** The checkpoints of the jobs run from this checkout: the embedded ones and the cluster's. */
    List<Path> localCheckpointRoots() {
        return List.of(
                Path.of(URI.create(home.checkpointsUri())),
                home.clusterDir().resolve("checkpoints"));
    }

    /**
     * @param savepoint a savepoint or retained checkpoint; null for the newest under {@code roots}
     */
    Outcome explain(String savepoint, List<Path> roots, String creator, String fan)
            throws Exception {
        if (savepoint != null) {
            return explainFrom(savepoint, creator, fan);
        }
        // The newest checkpoint of a running job may be subsumed while it is read: the next try
        // takes the then newest one.
        for (int attempt = 1; ; attempt++) {
            Optional<Path> latest = LatestCheckpoint.under(roots);
            if (latest.isEmpty()) {
                return new Outcome(
                        null, "no checkpoint here yet: give --savepoint, or start a job first");
            }
            try {
                return explainFrom(latest.get().toString(), creator, fan);
            } catch (Exception e) {
                if (attempt == NEWEST_CHECKPOINT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static final int NEWEST_CHECKPOINT_ATTEMPTS = 3;

    private Outcome explainFrom(String savepoint, String creator, String fan) throws Exception {
        List<PairStateDump.Pair> found =
                PairStateDump.pairs(
                        StateCommand.savepointUri(savepoint, home),
                        new PairStateDump.Filter(creator, fan));
        if (found.isEmpty()) {
            return new Outcome(
                    null,
                    String.format(
                            "no state for creator %s, fan %s in %s", creator, fan, savepoint));
        }
        PairStateDump.Pair pair = found.get(0);
        return new Outcome(PairExplanation.explain(pair.state(), profileOf(pair, creator)), null);
    }

    /** The creator's runtime assignment in force on the state's day, else the configured one. */
    private ScoringProfile profileOf(PairStateDump.Pair pair, String creator) {
        ProfileSet profiles =
                JobConfig.profileSet(
                        LocalJobArguments.userFileOrAsIs(profile, home),
                        assignments == null
                                ? null
                                : LocalJobArguments.userFileOrAsIs(assignments, home));
        long dayStart = profiles.of(creator).clock().startOf(pair.state().getDay());
        Map.Entry<Long, String> switched = pair.profileSwitches().floorEntry(dayStart);
        if (switched == null) {
            return profiles.of(creator);
        }
        ScoringProfile known = profiles.available(switched.getValue());
        return known != null ? known : ProfileLoader.load(switched.getValue());
    }
}
