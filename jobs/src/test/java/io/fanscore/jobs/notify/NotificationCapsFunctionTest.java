package io.fanscore.jobs.notify;

import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.Tier;
import io.fanscore.scoring.ScoringFixtures;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.state.LiveCandidate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fanscore.scoring.ScoringFixtures.noonOf;
import static io.fanscore.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationCapsFunctionTest {

    private final ScoringProfile profile = ScoringFixtures.general();
    private KeyedOneInputStreamOperatorTestHarness<Integer, LiveCandidate, LiveNotification>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new NotificationCapsFunction(
                                        profile.notifications(), profile.clock())),
                        candidate -> NotificationCapsFunction.bucketOf(candidate.getFanId(), 8),
                        Types.INT);
        harness.open();
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
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(startOf(2).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
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

    private void candidate(String liveId, String creator, Instant time) throws Exception {
        harness.processElement(
                new LiveCandidate(liveId, creator, "fan", Tier.CASUAL, 2, time.toEpochMilli()),
                time.toEpochMilli());
    }
}
