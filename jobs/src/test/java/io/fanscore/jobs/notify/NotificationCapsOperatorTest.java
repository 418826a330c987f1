package io.fanscore.jobs.notify;

import io.fanscore.jobs.testutils.TaskCheckpoints;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.Tier;
import io.fanscore.state.LiveCandidate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationCapsOperatorTest {

    private final ScoringProfile profile = ScoringFixtures.general();
    private KeyedOneInputStreamOperatorTestHarness<Integer, LiveCandidate, LiveNotification>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = unopenedHarness();
        harness.open();
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, LiveCandidate, LiveNotification>
            unopenedHarness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new NotificationCapsOperator(profile.notifications(), profile.clock()),
                        candidate -> NotificationCapsOperator.bucketOf(candidate.getFanId(), 8),
                        Types.INT);
        // The production backend: restore goes through RocksDB's key listing.
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void oneNotificationPerCreatorPerDay() throws Exception {
        candidate("live-1", "c", noonOf(1));
        candidate("live-2", "c", noonOf(1, Duration.ofHours(2)));
        candidate("live-3", "c", noonOf(2));
        harness.processWatermark(noonOf(3).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(LiveNotification::getLiveId)
                .containsExactly("live-1", "live-3");
    }

    @Test
    void fivePerFanPerDayGrantedInLiveIdOrderAtEqualTimes() throws Exception {
        for (String live : new String[] {"f", "b", "d", "a", "e", "c", "g"}) {
            candidate(live, "creator-" + live, noonOf(1));
        }
        harness.processWatermark(noonOf(1).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(LiveNotification::getLiveId)
                .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void theDailyTallyIsDroppedAtTheNextMidnight() throws Exception {
        candidate("live-1", "c", noonOf(1));
        harness.processWatermark(noonOf(1).toEpochMilli());
        assertThat(keyedEntries()).isPositive();
        harness.processWatermark(startOf(2).toEpochMilli());
        assertThat(keyedEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMillionFanStartWouldCostNoTimerOrStateWritePerCandidate() throws Exception {
        for (int fan = 0; fan < 100; fan++) {
            candidate("live-1", "c", "fan-" + fan, noonOf(1));
        }
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedEntries()).isZero();
        harness.processWatermark(noonOf(1).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(100);
        // One midnight clean-up per bucket that notified someone, not one per fan.
        assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(8);
    }

    @Test
    void candidatesWaitingAtACheckpointAreGrantedAfterARestoreAndOnlyOnce() throws Exception {
        candidate("live-1", "c", noonOf(1));
        candidate("live-2", "c", noonOf(1, Duration.ofHours(1)));
        harness = TaskCheckpoints.restart(harness, 1L, this::unopenedHarness);
        harness.processWatermark(noonOf(2).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(LiveNotification::getLiveId)
                .containsExactly("live-1");

        // Granted, they leave the state: the next checkpoint holds none of them (a stale copy
        // would be suppressed by the tally, so only the state itself tells).
        harness = TaskCheckpoints.restart(harness, 2L, this::unopenedHarness);
        assertThat(keys("pending-candidates")).isZero();
    }

    @Test
    void notificationIdsDependOnlyOnLiveAndFan() throws Exception {
        candidate("live-1", "c", noonOf(1));
        harness.processWatermark(noonOf(1).toEpochMilli());
        LiveNotification sent = harness.extractOutputValues().get(0);
        assertThat(sent.getNotificationId())
                .isEqualTo(new io.fanscore.connectors.ids.DeterministicId().of("live-1", "fan"));
        assertThat(sent.getEventTime()).isEqualTo(noonOf(1));
    }

    @Test
    void anErasureAfterTheCandidatesOfItsInstantForgetsTheFansTallyOfTheDay() throws Exception {
        candidate("live-1", "c", noonOf(1));
        candidate("live-1", "other", "someone-else", noonOf(1));
        erasure("", noonOf(1)); // every creator, at the same instant as live-1
        candidate("live-2", "c", noonOf(1, Duration.ofHours(1)));
        harness.processWatermark(noonOf(1, Duration.ofHours(2)).toEpochMilli());

        // live-1 was granted before the erasure; without it, live-2 would be cap_pair.
        assertThat(harness.extractOutputValues())
                .extracting(LiveNotification::getLiveId, LiveNotification::getFanId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("live-1", "fan"),
                        org.assertj.core.groups.Tuple.tuple("live-1", "someone-else"),
                        org.assertj.core.groups.Tuple.tuple("live-2", "fan"));
    }

    @Test
    void anErasureOfOneCreatorKeepsTheFansTallyOfTheOthers() throws Exception {
        candidate("live-a", "a", noonOf(1));
        candidate("live-b", "b", noonOf(1));
        erasure("a", noonOf(1, Duration.ofMinutes(1)));
        candidate("live-a2", "a", noonOf(1, Duration.ofHours(1)));
        candidate("live-b2", "b", noonOf(1, Duration.ofHours(1)));
        harness.processWatermark(noonOf(2).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(LiveNotification::getLiveId)
                .containsExactly("live-a", "live-b", "live-a2");
    }

    private void erasure(String creator, Instant time) throws Exception {
        harness.processElement(
                new LiveCandidate(
                        "request", creator, "fan", Tier.NONE, 0, time.toEpochMilli(), true),
                time.toEpochMilli());
    }

    /** Keys with tallies or waiting candidates in state. */
    private long keyedEntries() throws Exception {
        return keys("caps-by-fan") + keys("pending-candidates");
    }

    private long keys(String state) throws Exception {
        var backend =
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                harness.getOperator())
                        .getKeyedStateBackend();
        try (var keys =
                backend.getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private void candidate(String liveId, String creator, Instant time) throws Exception {
        candidate(liveId, creator, "fan", time);
    }

    private void candidate(String liveId, String creator, String fan, Instant time)
            throws Exception {
        harness.processElement(
                new LiveCandidate(liveId, creator, fan, Tier.CASUAL, 2, time.toEpochMilli(), false),
                time.toEpochMilli());
    }
}
