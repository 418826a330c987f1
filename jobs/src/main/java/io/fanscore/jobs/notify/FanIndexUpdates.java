package io.fanscore.jobs.notify;

import io.fanscore.scoring.NotifyRule;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;

import java.io.Serializable;

/**
 * Decides when a pair's change must reach the live fan-out index: when it is (or was) at or above
 * the notify tier and anything the index keeps changed. Fans below the tier never enter the index,
 * which keeps it to the fans a live start can reach.
 */
public final class FanIndexUpdates implements Serializable {

    private final NotifyRule rule;

    public FanIndexUpdates(NotifyRule rule) {
        this.rule = rule;
    }

    /** The update to send, or null if the index already knows enough. */
    public FanIndexUpdate between(
            String creatorId, String fanId, long time, FanIndexEntry before, FanIndexEntry after) {
        boolean wasIndexed = before != null && rule.qualifies(before.getTier());
        boolean isIndexed = after != null && rule.qualifies(after.getTier());
        if (isIndexed && !after.equals(before)) {
            return new FanIndexUpdate(creatorId, fanId, time, after);
        }
        if (wasIndexed && !isIndexed) {
            return new FanIndexUpdate(creatorId, fanId, time, null);
        }
        return null;
    }
}
