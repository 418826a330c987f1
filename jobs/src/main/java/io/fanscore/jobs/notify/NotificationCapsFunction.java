package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.LiveNotification;
import io.fanscore.scoring.DayClock;
import io.fanscore.scoring.NotifyRule;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.NotifyCaps;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The frequency caps of SPEC §7, granted in (T, live_id) order per fan: at most per_pair_per_day
 * notifications per creator and per_fan_per_day in all, per day of the profile.
 *
 * <p>Keyed by a bucket of fans ({@link #bucketOf}), not by fan: a live start of a creator with a
 * million fans then costs one timer per bucket instead of one per fan, and candidates are appended
 * to a list (a blind RocksDB merge) rather than read and rewritten one by one. Tallies of past days
 * are dropped at midnight, so state holds only fans notified today.
 */
public final class NotificationCapsFunction
        extends KeyedProcessFunction<Integer, LiveCandidate, LiveNotification> {

    private static final Comparator<LiveCandidate> GRANT_ORDER =
            Comparator.comparing(LiveCandidate::getFanId)
                    .thenComparingLong(LiveCandidate::getEventTime)
                    .thenComparing(LiveCandidate::getLiveId);

    private final NotifyRule rule;
    private final DayClock clock;

    private transient ListState<LiveCandidate> pending;
    private transient MapState<String, NotifyCaps> caps;
    private transient DeterministicId ids;
    private transient FanscoreMetrics metrics;

    public NotificationCapsFunction(NotifyRule rule, DayClock clock) {
        this.rule = rule;
        this.clock = clock;
    }

    /** The caps bucket of a fan. */
    public static int bucketOf(String fanId, int buckets) {
        return LiveFanout.bucketOf(fanId, buckets);
    }

    @Override
    public void open(OpenContext openContext) {
        ids = new DeterministicId();
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-candidates",
                                        new AvroTypeInfo<>(LiveCandidate.class)));
        caps =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "caps-by-fan",
                                        Types.STRING,
                                        new AvroTypeInfo<>(NotifyCaps.class)));
    }

    @Override
    public void processElement(
            LiveCandidate candidate, Context ctx, Collector<LiveNotification> out)
            throws Exception {
        pending.add(candidate);
        ctx.timerService().registerEventTimeTimer(candidate.getEventTime());
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveNotification> out)
            throws Exception {
        List<LiveCandidate> due = new ArrayList<>();
        List<LiveCandidate> later = new ArrayList<>();
        Iterable<LiveCandidate> all = pending.get();
        if (all != null) {
            for (LiveCandidate candidate : all) {
                (candidate.getEventTime() <= time ? due : later).add(candidate);
            }
        }
        if (!due.isEmpty()) {
            pending.update(later);
            due.sort(GRANT_ORDER);
            for (LiveCandidate candidate : due) {
                grantOrSuppress(candidate, ctx, out);
            }
        }
        if (time == clock.startOf(clock.dayOf(time))) {
            forgetDaysBefore(clock.dayOf(time));
        }
    }

    private void grantOrSuppress(
            LiveCandidate candidate, OnTimerContext ctx, Collector<LiveNotification> out)
            throws Exception {
        int day = clock.dayOf(candidate.getEventTime());
        NotifyCaps today = caps.get(candidate.getFanId());
        if (today == null || today.getDay() < day) {
            today = new NotifyCaps(day, new ArrayList<>());
            // Forget the tally at the next midnight.
            ctx.timerService().registerEventTimeTimer(clock.startOf(day + 1));
        }
        String creator = candidate.getCreatorId();
        if (Collections.frequency(today.getCreators(), creator) >= rule.perPairPerDay()) {
            metrics.notificationSuppressed("cap_pair");
            return;
        }
        if (today.getCreators().size() >= rule.perFanPerDay()) {
            metrics.notificationSuppressed("cap_fan");
            return;
        }
        today.getCreators().add(creator);
        caps.put(candidate.getFanId(), today);
        metrics.notificationSent();
        out.collect(notification(candidate));
    }

    private void forgetDaysBefore(int day) throws Exception {
        for (Iterator<Map.Entry<String, NotifyCaps>> it = caps.iterator(); it.hasNext(); ) {
            if (it.next().getValue().getDay() < day) {
                it.remove();
            }
        }
        if (caps.isEmpty()) {
            caps.clear(); // drops the bucket's entry itself, not only its contents
        }
    }

    private LiveNotification notification(LiveCandidate candidate) {
        return new LiveNotification(
                ids.of(candidate.getLiveId(), candidate.getFanId()),
                candidate.getCreatorId(),
                candidate.getFanId(),
                candidate.getLiveId(),
                candidate.getTier(),
                candidate.getLevel(),
                Instant.ofEpochMilli(candidate.getEventTime()),
                Instant.now());
    }
}
