package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.testutils.TaskCheckpoints;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.Tier;
import io.fanscore.state.PushCandidate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-fan daily cap of pushes (SPEC §12), apart from live notifications' caps. */
class PushCapsOperatorTest {

    private final ScoringProfile profile = ScoringFixtures.general();
    private KeyedOneInputStreamOperatorTestHarness<Integer, PushCandidate, PushNotification>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = unopenedHarness();
        harness.open();
    }

    private KeyedOneInputStreamOperatorTestHarness<Integer, PushCandidate, PushNotification>
            unopenedHarness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new PushCapsOperator(profile.pushes(), profile.clock()),
                        candidate -> FanCapsOperator.bucketOf(candidate.getFanId(), 8),
                        Types.INT);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void threePushesPerFanPerDayAcrossCreatorsGrantedInTimeThenPushIdOrder() throws Exception {
        // Arrival order is not grant order: two at 12:00 (p-b, p-a), one at 11:00, two at 13:00.
        candidate("p-b", "c2", noonOf(1));
        candidate("p-late", "c4", noonOf(1, Duration.ofHours(1)));
        candidate("p-a", "c1", noonOf(1));
        candidate("p-early", "c3", noonOf(1, Duration.ofHours(-1)));
        candidate("p-last", "c5", noonOf(1, Duration.ofHours(1)));
        candidate("p-next-day", "c1", noonOf(2));
        harness.processWatermark(noonOf(2).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(PushNotification::getPushId)
                .containsExactly("p-early", "p-a", "p-b", "p-next-day");
    }

    @Test
    void oneCreatorMayReachAFanTwiceADayWhenItsOwnCapAllows() throws Exception {
        // No per-(creator, fan) cap: the creator cap rations pushes, here configured to allow two.
        candidate("p-1", "c1", noonOf(1));
        candidate("p-2", "c1", noonOf(1, Duration.ofHours(1)));
        harness.processWatermark(noonOf(2).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void candidatesWaitingAtACheckpointAreGrantedAfterARestore() throws Exception {
        candidate("p-1", "c1", noonOf(1));
        harness = TaskCheckpoints.restart(harness, 1L, this::unopenedHarness);
        harness.processWatermark(noonOf(1).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(PushNotification::getPushId)
                .containsExactly("p-1");
    }

    @Test
    void idsDependOnlyOnPushAndFanAndDifferFromLiveNotificationIds() throws Exception {
        candidate("p-1", "c1", noonOf(1));
        harness.processWatermark(noonOf(1).toEpochMilli());
        PushNotification sent = harness.extractOutputValues().get(0);
        DeterministicId ids = new DeterministicId();
        assertThat(sent.getNotificationId()).isEqualTo(ids.of("push", "p-1", "fan"));
        assertThat(sent.getNotificationId()).isNotEqualTo(ids.of("p-1", "fan"));
        assertThat(sent.getEventTime()).isEqualTo(noonOf(1));
        assertThat(sent.getCreatorId()).isEqualTo("c1");
        assertThat(sent.getTier()).isEqualTo(Tier.CASUAL);
    }

    private void candidate(String pushId, String creator, Instant time) throws Exception {
        harness.processElement(
                new PushCandidate(
                        pushId, creator, "fan", Tier.CASUAL, 2, time.toEpochMilli(), false),
                time.toEpochMilli());
    }
}
