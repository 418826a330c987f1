package io.fanscore.jobs.notify;

import io.fanscore.jobs.common.EventTimeBuffer;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.LiveEvent;
import io.fanscore.scoring.FanLedger;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.LiveCandidate;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Comparator;
import java.util.Map;

/**
 * One bucket of one creator's fan index. Index updates and live starts wait for the watermark and
 * are applied in event-time order, updates of a time before live starts of the same time, so a live
 * start at T sees exactly the standing every fan had as of T (SPEC §7). Levels are projected to T
 * through the day starts since the fan's last update.
 */
public final class FanIndexFunction
        extends KeyedCoProcessFunction<
                Tuple2<String, Integer>,
                FanIndexUpdate,
                Tuple2<Integer, LiveEvent>,
                LiveCandidate> {

    /** Accumulator name prefix; the suffix is the subtask index. */
    public static final String ACCUMULATOR_PREFIX = "fanout-candidates-subtask-";

    private final ScoringProfile profile;

    private transient FanLedger ledger;
    private transient FanscoreMetrics metrics;
    private transient LongCounter candidatesOfThisSubtask;
    private transient MapState<String, FanIndexEntry> fans;
    private transient EventTimeBuffer<FanIndexUpdate> pendingUpdates;
    private transient EventTimeBuffer<LiveEvent> pendingStarts;

    public FanIndexFunction(ScoringProfile profile) {
        this.profile = profile;
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = new FanLedger(profile);
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        // Per-subtask totals in the job result show how evenly fan-out spreads over the cluster.
        candidatesOfThisSubtask = new LongCounter();
        getRuntimeContext()
                .addAccumulator(
                        ACCUMULATOR_PREFIX
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        candidatesOfThisSubtask);
        fans =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "fans",
                                        Types.STRING,
                                        new AvroTypeInfo<>(FanIndexEntry.class)));
        pendingUpdates =
                new EventTimeBuffer<>(
                        getRuntimeContext(),
                        "pending-index-updates",
                        new AvroTypeInfo<>(FanIndexUpdate.class),
                        Comparator.comparing(FanIndexUpdate::getFanId));
        pendingStarts =
                new EventTimeBuffer<>(
                        getRuntimeContext(),
                        "pending-live-starts",
                        new AvroTypeInfo<>(LiveEvent.class),
                        Comparator.comparing(LiveEvent::getLiveId));
    }

    @Override
    public void processElement1(FanIndexUpdate update, Context ctx, Collector<LiveCandidate> out)
            throws Exception {
        pendingUpdates.add(update.getTime(), update, ctx.timerService());
    }

    @Override
    public void processElement2(
            Tuple2<Integer, LiveEvent> start, Context ctx, Collector<LiveCandidate> out)
            throws Exception {
        pendingStarts.add(start.f1.getEventTime().toEpochMilli(), start.f1, ctx.timerService());
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveCandidate> out)
            throws Exception {
        for (FanIndexUpdate update : pendingUpdates.drain(time)) {
            if (update.getEntry() == null) {
                fans.remove(update.getFanId());
            } else {
                fans.put(update.getFanId(), update.getEntry());
            }
        }
        for (LiveEvent start : pendingStarts.drain(time)) {
            fanOut(start, time, out);
        }
    }

    private void fanOut(LiveEvent start, long time, Collector<LiveCandidate> out) throws Exception {
        long candidates = 0;
        for (Map.Entry<String, FanIndexEntry> fan : fans.entries()) {
            FanLedger.Standing standing = ledger.standingAt(fan.getValue(), time);
            if (!profile.notifications().qualifies(standing.tier())) {
                continue;
            }
            if (!fan.getValue().getNotify()) {
                metrics.notificationSuppressed("opted_out");
                continue;
            }
            candidates++;
            out.collect(
                    new LiveCandidate(
                            start.getLiveId(),
                            start.getCreatorId(),
                            fan.getKey(),
                            standing.tier(),
                            standing.level(),
                            time));
        }
        metrics.fanoutCandidates(candidates);
        candidatesOfThisSubtask.add(candidates);
    }
}
