package io.fanscore.jobs.notify;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.jobs.common.EventTimeBuffer;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
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
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One bucket of one creator's fan index. Index updates and live starts wait for the watermark and
 * are applied in event-time order, updates of a time before live starts of the same time, so a live
 * start at T sees exactly the standing every fan had as of T (SPEC §7). Levels are projected to T
 * through the day starts since the fan's last update.
 *
 * <p>A live start can still reach a bucket after its watermark passed T: when the live topic had
 * been idle, its first start arrives while event time runs on the interactions alone. The bucket
 * therefore applies an update only {@code historyMillis} of event time after its time, and a live
 * start at T sees the applied entries overlaid with the held updates stamped up to T: exact for a
 * start up to {@code historyMillis} behind, at no cost per update beyond holding it longer. A start
 * further behind is dead lettered as LATE by bucket 0 (once, not once per bucket).
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
    private transient SingleObjectCodec<LiveEvent> liveEvents;

    /** Late live starts beyond the history, dead-lettered by bucket 0. */
    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-live-starts", new AvroTypeInfo<>(DeadLetter.class)) {};

    /** How long updates are held by default beyond their time before they are applied. */
    public static final long DEFAULT_HISTORY_MILLIS = 60_000;

    private final long historyMillis;
    private final String liveTopic;

    public FanIndexFunction(ScoringProfile profile) {
        this(profile, DEFAULT_HISTORY_MILLIS, "creator.live");
    }

    public FanIndexFunction(ScoringProfile profile, long historyMillis, String liveTopic) {
        this.profile = profile;
        this.historyMillis = historyMillis;
        this.liveTopic = liveTopic;
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
        liveEvents = new SingleObjectCodec<>(LiveEvent.class);
    }

    @Override
    public void processElement1(FanIndexUpdate update, Context ctx, Collector<LiveCandidate> out)
            throws Exception {
        pendingUpdates.add(
                update.getTime(), update, ctx.timerService(), update.getTime() + historyMillis);
    }

    @Override
    public void processElement2(
            Tuple2<Integer, LiveEvent> start, Context ctx, Collector<LiveCandidate> out)
            throws Exception {
        long time = start.f1.getEventTime().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (time > watermark) {
            pendingStarts.add(time, start.f1, ctx.timerService());
        } else if (time >= watermark - historyMillis) {
            fanOut(start.f1, time, asOf(time), out);
        } else {
            metrics.lateLiveStart();
            if (start.f0 == 0) {
                ctx.output(LATE, lateDeadLetter(start.f1, watermark));
            }
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveCandidate> out)
            throws Exception {
        for (FanIndexUpdate update : pendingUpdates.drain(time - historyMillis)) {
            if (update.getEntry() == null) {
                fans.remove(update.getFanId());
            } else {
                fans.put(update.getFanId(), update.getEntry());
            }
        }
        for (LiveEvent start : pendingStarts.drain(time)) {
            fanOut(start, time, asOf(time), out);
        }
    }

    /**
     * The bucket's entries as of {@code time}: the applied ones (stamped at or before the watermark
     * less the history) overlaid with the held updates stamped up to {@code time}.
     */
    private Iterable<Map.Entry<String, FanIndexEntry>> asOf(long time) throws Exception {
        List<FanIndexUpdate> held = pendingUpdates.upTo(time);
        if (held.isEmpty()) {
            return fans.entries();
        }
        Map<String, FanIndexEntry> overlay = new HashMap<>();
        for (FanIndexUpdate update : held) {
            overlay.put(update.getFanId(), update.getEntry()); // the latest wins
        }
        Map<String, FanIndexEntry> result = new TreeMap<>();
        for (Map.Entry<String, FanIndexEntry> fan : fans.entries()) {
            if (!overlay.containsKey(fan.getKey())) {
                result.put(fan.getKey(), fan.getValue());
            }
        }
        overlay.forEach(
                (fan, entry) -> {
                    if (entry != null) {
                        result.put(fan, entry);
                    }
                });
        return result.entrySet();
    }

    private DeadLetter lateDeadLetter(LiveEvent start, long watermark) {
        DeadLetter letter =
                DeadLetters.of(
                        liveTopic,
                        -1,
                        -1,
                        start.getCreatorId().getBytes(StandardCharsets.UTF_8),
                        liveEvents.encode(start),
                        DeadLetterReason.LATE,
                        "live start at "
                                + start.getEventTime()
                                + " reached the fan index after its event time had passed "
                                + watermark
                                + " by more than the kept history");
        // The start's own coordinates are gone by now; its live_id names it.
        letter.setDeadLetterId(liveTopic + "/live_id/" + start.getLiveId() + "/LATE");
        return letter;
    }

    private void fanOut(
            LiveEvent start,
            long time,
            Iterable<Map.Entry<String, FanIndexEntry>> entries,
            Collector<LiveCandidate> out)
            throws Exception {
        long candidates = 0;
        for (Map.Entry<String, FanIndexEntry> fan : entries) {
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
