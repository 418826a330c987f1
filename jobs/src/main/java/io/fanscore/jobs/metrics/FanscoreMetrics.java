package io.fanscore.jobs.metrics;

import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The business metrics of fanscore, under the metric group {@code fanscore}. Labels are bounded
 * enums only (type, reason, tier): never a fan or creator id, so cardinality stays fixed.
 * Prometheus names come out as {@code flink_taskmanager_job_task_operator_fanscore_<name>}, with
 * the label keys in the name, e.g. {@code ..._fanscore_reason_dead_letters{reason="LATE"}}.
 */
public final class FanscoreMetrics {

    private final MetricGroup group;
    private final Map<InteractionType, Counter> events = new EnumMap<>(InteractionType.class);
    private final Map<DeadLetterReason, Counter> deadLetters =
            new EnumMap<>(DeadLetterReason.class);

    /** By from and to ordinal: a transition is counted per tier change, without a string. */
    private final Counter[][] transitions = new Counter[Tier.values().length][Tier.values().length];

    private final Map<String, Counter> counters = new HashMap<>();
    private Counter duplicates;

    public FanscoreMetrics(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("fanscore");
    }

    public void interaction(InteractionType type) {
        events.computeIfAbsent(type, t -> group.addGroup("type", t.name()).counter("events")).inc();
    }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters
                .computeIfAbsent(
                        reason, r -> group.addGroup("reason", r.name()).counter("dead_letters"))
                .inc();
    }

    public void duplicate() {
        if (duplicates == null) {
            duplicates = group.counter("duplicates");
        }
        duplicates.inc();
    }

    /** A live notification sent. */
    public void notificationSent() {
        counter("notifications_sent").inc();
    }

    /** A qualifying fan not notified: cap_pair, cap_fan or opted_out. */
    public void notificationSuppressed(String reason) {
        counters.computeIfAbsent(
                        "suppressed:" + reason,
                        k -> group.addGroup("reason", reason).counter("notifications_suppressed"))
                .inc();
    }

    /** Pairs an erasure request removed in one subtask. */
    public void erasedPairs(long pairs) {
        counter("erased_pairs").inc(pairs);
    }

    /** An erasure request whose request_id was already held or applied: ignored. */
    public void repeatedErasure() {
        counter("repeated_erasures").inc();
    }

    /** An erasure request that arrived after event time passed it: applied at once. */
    public void lateErasure() {
        counter("late_erasures").inc();
    }

    /** An erasure request's outcome written (once per request, whatever the parallelism). */
    public void erasureApplied() {
        counter("erasures").inc();
    }

    /** A LIVE_START whose live_id was already seen. */
    public void repeatedLiveId() {
        counter("repeated_live_ids").inc();
    }

    /** A live start that reached the fan index too far behind its event time (dead-lettered). */
    public void lateLiveStart() {
        counter("late_live_starts").inc();
    }

    /** Fans a live start reached in one index bucket, before caps. */
    public void fanoutCandidates(long count) {
        counter("fanout_candidates").inc(count);
    }

    /** A push notification sent (SPEC §12). */
    public void pushSent() {
        counter("push_notifications_sent").inc();
    }

    /** A fan an accepted push qualified for but did not reach: cap_fan or opted_out. */
    public void pushSuppressed(String reason) {
        counters.computeIfAbsent(
                        "push-suppressed:" + reason,
                        k ->
                                group.addGroup("reason", reason)
                                        .counter("push_notifications_suppressed"))
                .inc();
    }

    /** A push decided under its creator's caps: ACCEPTED, REFUSED_DAILY or REFUSED_MONTHLY. */
    public void pushOutcome(String status) {
        counters.computeIfAbsent(
                        "push-outcome:" + status,
                        k -> group.addGroup("status", status).counter("push_outcomes"))
                .inc();
    }

    /** A push whose push_id was already seen. */
    public void repeatedPushId() {
        counter("repeated_push_ids").inc();
    }

    /** Fans an accepted push reached in one bucket, before the per-fan cap. */
    public void pushCandidates(long count) {
        counter("push_candidates").inc(count);
    }

    /** An audience package member joined (ADD) or left (REMOVE). */
    public void audienceDelta(String op) {
        counters.computeIfAbsent(
                        "delta:" + op, k -> group.addGroup("op", op).counter("audience_deltas"))
                .inc();
    }

    /** A runtime package change refused, counted once, by the operator that decides them. */
    public void packageChangeRefused() {
        counter("package_changes_refused").inc();
    }

    private Counter counter(String name) {
        return counters.computeIfAbsent(name, group::counter);
    }

    /**
     * How far event time trails the wall clock: processing time minus the operator's current
     * watermark, in milliseconds. NaN until the first watermark, when there is no event time to
     * trail. Read by the reporter thread without synchronisation: a monitoring value that may be
     * one watermark stale.
     */
    public void eventTimeLag(LongSupplier currentWatermark) {
        group.gauge(
                "event_time_lag_ms",
                (Gauge<Double>)
                        () -> {
                            long watermark = currentWatermark.getAsLong();
                            return watermark == Long.MIN_VALUE
                                    ? Double.NaN
                                    : (double) (System.currentTimeMillis() - watermark);
                        });
    }

    /**
     * Creators assigned to {@code profile} (at start-up or at runtime, in force at this subtask's
     * event time); every subtask holds every assignment, so take one subtask's value, not a sum.
     */
    public void assignedCreators(String profile, LongSupplier creators) {
        group.addGroup("profile", profile)
                .gauge("assigned_creators", (Gauge<Long>) creators::getAsLong);
    }

    /** Fans holding {@code tier} as counted by this subtask; sum the subtasks for the total. */
    public void tierPopulation(Tier tier, LongSupplier fans) {
        group.addGroup("tier", tier.name()).gauge("fans", (Gauge<Long>) fans::getAsLong);
    }

    public void tierTransition(Tier from, Tier to) {
        Counter counter = transitions[from.ordinal()][to.ordinal()];
        if (counter == null) {
            counter =
                    group.addGroup("from", from.name())
                            .addGroup("to", to.name())
                            .counter("tier_transitions");
            transitions[from.ordinal()][to.ordinal()] = counter;
        }
        counter.inc();
    }
}
