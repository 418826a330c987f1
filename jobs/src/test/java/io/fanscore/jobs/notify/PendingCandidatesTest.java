package io.fanscore.jobs.notify;

import io.fanscore.schema.Tier;
import io.fanscore.state.LiveCandidate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingCandidatesTest {

    private final PendingCandidates<LiveCandidate> pending =
            new PendingCandidates<>(LiveCandidate::getEventTime, LiveCandidate::getLiveId);

    @Test
    void handedOutByTimeThenLiveIdThenArrivalUpToTheWatermarkOnly() throws Exception {
        pending.add(1, candidate("L2", "f1", 10));
        pending.add(2, candidate("L1", "f2", 10));
        pending.add(1, candidate("L0", "f1", 20));
        pending.add(3, candidate("L1", "f3", 10));
        pending.add(1, candidate("L9", "f1", 5));

        List<String> order = new ArrayList<>();
        pending.drainUntil(10, c -> order.add(c.candidate().getLiveId() + "/" + c.bucket()));
        assertThat(order).containsExactly("L9/1", "L1/2", "L1/3", "L2/1");
        assertThat(pending.isEmpty()).isFalse();
        assertThat(pending.byBucket()).containsOnlyKeys(1);

        pending.drainUntil(Long.MAX_VALUE, c -> order.add(c.candidate().getLiveId()));
        assertThat(order).endsWith("L0");
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.byBucket()).isEmpty();
    }

    private static LiveCandidate candidate(String liveId, String fan, long time) {
        return new LiveCandidate(liveId, "c", fan, Tier.CASUAL, 1, time, false);
    }
}
