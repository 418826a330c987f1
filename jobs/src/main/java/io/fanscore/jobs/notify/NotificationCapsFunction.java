package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.common.EventTimeBuffer;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.LiveNotification;
import io.fanscore.scoring.DayClock;
import io.fanscore.scoring.NotifyRule;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.NotifyCaps;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;

/**
 * Per fan: the frequency caps of SPEC §7, granted in (T, live_id) order — at most per_pair_per_day
 * notifications per creator and per_fan_per_day in all per day. The day's tally is dropped at the
 * next midnight, so state lives only for fans notified today.
 */
public final class NotificationCapsFunction
        extends KeyedProcessFunction<String, LiveCandidate, LiveNotification> {

    private final NotifyRule rule;
    private final DayClock clock;

    private transient EventTimeBuffer<LiveCandidate> pending;
    private transient ValueState<NotifyCaps> caps;
    private transient DeterministicId ids;
    private transient FanscoreMetrics metrics;

    public NotificationCapsFunction(NotifyRule rule, DayClock clock) {
        this.rule = rule;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        ids = new DeterministicId();
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        pending =
                new EventTimeBuffer<>(
                        getRuntimeContext(),
                        "pending-candidates",
                        new AvroTypeInfo<>(LiveCandidate.class),
                        Comparator.comparing(LiveCandidate::getLiveId));
        caps =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "caps", new AvroTypeInfo<>(NotifyCaps.class)));
    }

    @Override
    public void processElement(
            LiveCandidate candidate, Context ctx, Collector<LiveNotification> out)
            throws Exception {
        pending.add(candidate.getEventTime(), candidate, ctx.timerService());
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<LiveNotification> out)
            throws Exception {
        int day = clock.dayOf(time);
        NotifyCaps today = caps.value();
        if (today != null && today.getDay() < day) {
            today = null;
        }
        for (LiveCandidate candidate : pending.drain(time)) {
            if (today == null) {
                today = new NotifyCaps(day, new ArrayList<>());
                // Forget the tally at the next midnight.
                ctx.timerService().registerEventTimeTimer(clock.startOf(day + 1));
            }
            String creator = candidate.getCreatorId();
            if (Collections.frequency(today.getCreators(), creator) >= rule.perPairPerDay()) {
                metrics.notificationSuppressed("cap_pair");
            } else if (today.getCreators().size() >= rule.perFanPerDay()) {
                metrics.notificationSuppressed("cap_fan");
            } else {
                today.getCreators().add(creator);
                metrics.notificationSent();
                out.collect(notification(candidate));
            }
        }
        if (today == null) {
            caps.clear();
        } else {
            caps.update(today);
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
