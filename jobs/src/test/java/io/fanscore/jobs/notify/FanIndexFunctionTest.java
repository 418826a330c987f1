package io.fanscore.jobs.notify;

import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;
import io.fanscore.schema.Tier;
import io.fanscore.scoring.ScoringFixtures;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.LiveCandidate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.fanscore.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

class FanIndexFunctionTest {

    private final int day = ScoringFixtures.general().clock().dayOf(noonOf(1).toEpochMilli());
    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    FanIndexUpdate,
                    Tuple2<Integer, LiveEvent>,
                    LiveCandidate>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new FanIndexFunction(ScoringFixtures.general()),
                        update -> Tuple2.of(update.getCreatorId(), 0),
                        start -> Tuple2.of(start.f1.getCreatorId(), start.f0),
                        Types.TUPLE(Types.STRING, Types.INT));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void anUpdateStampedAtTCountsForALiveStartAtTButOneAtTPlusOneDoesNot() throws Exception {
        Instant t = noonOf(1);
        update("at-t", t, entry(Tier.CASUAL, true, 200, day));
        update("after-t", t.plusMillis(1), entry(Tier.CASUAL, true, 200, day));
        liveStart("live", t);
        watermark(t.plusSeconds(1).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(LiveCandidate::getFanId)
                .containsExactly("at-t");
    }

    @Test
    void optedOutFansAreNotCandidatesAndRemovedFansAreGone() throws Exception {
        Instant t = noonOf(1);
        update("quiet", t.minusSeconds(5), entry(Tier.DEVOTED, false, 20_000, day));
        update("gone", t.minusSeconds(5), entry(Tier.CASUAL, true, 200, day));
        update("gone", t.minusSeconds(1), null);
        liveStart("live", t);
        watermark(t.toEpochMilli());

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void theLevelIsProjectedThroughDecaySinceTheLastUpdate() throws Exception {
        // 2 000 intimacy (level 5), last active on day 1; by day 31 it has decayed for 23 days.
        FanIndexEntry entry = entry(Tier.FAVORABLE, true, 2_000, day);
        entry.setLastActiveDay(day);
        update("fan", noonOf(1), entry);
        Instant later = noonOf(31);
        liveStart("live", later);
        watermark(later.toEpochMilli());

        LiveCandidate candidate = harness.extractOutputValues().get(0);
        assertThat(candidate.getLevel()).isEqualTo(4);
        assertThat(candidate.getTier()).isEqualTo(Tier.FAVORABLE);
    }

    @Test
    void aLiveStartArrivingAfterTheWatermarkPassedItIsStillAnsweredAsOfItsTime() throws Exception {
        Instant t = noonOf(1);
        update("before", t.minusSeconds(5), entry(Tier.CASUAL, true, 200, day));
        update("after", t.plusSeconds(20), entry(Tier.CASUAL, true, 200, day));
        watermark(t.plusSeconds(30).toEpochMilli()); // event time ran on without the live topic
        liveStart("late", t);

        assertThat(harness.extractOutputValues())
                .extracting(LiveCandidate::getFanId)
                .containsExactly("before");
    }

    @Test
    void aLiveStartFurtherBehindThanTheHistoryIsDeadLetteredOnceAsLate() throws Exception {
        Instant t = noonOf(1);
        update("fan", t.minusSeconds(5), entry(Tier.CASUAL, true, 200, day));
        watermark(t.plusMillis(FanIndexFunction.DEFAULT_HISTORY_MILLIS + 1).toEpochMilli());
        liveStart("too-late", t);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(FanIndexFunction.LATE))
                .extracting(r -> r.getValue().getReason())
                .containsExactly(io.fanscore.schema.DeadLetterReason.LATE);
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
        harness.processWatermark2(new Watermark(time));
    }

    private FanIndexEntry entry(Tier tier, boolean notify, long intimacy, int day) {
        return new FanIndexEntry(tier, notify, intimacy, day, null, day, true, false);
    }

    private void update(String fan, Instant time, FanIndexEntry entry) throws Exception {
        harness.processElement1(
                new FanIndexUpdate("c", fan, time.toEpochMilli(), entry), time.toEpochMilli());
    }

    private void liveStart(String liveId, Instant time) throws Exception {
        LiveEvent start =
                LiveEvent.newBuilder()
                        .setLiveId(liveId)
                        .setCreatorId("c")
                        .setType(LiveEventType.LIVE_START)
                        .setEventTime(time)
                        .build();
        harness.processElement2(Tuple2.of(0, start), time.toEpochMilli());
    }
}
