package io.fanscore.jobs.metrics;

import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fans per tier, the gauge {@code fanscore_tier_fans{tier}}: every tier change adds one fan to its
 * {@code to_tier} and takes one from its {@code from_tier} (NONE is not a population). The counts
 * are checkpointed with the scorer's state, so they survive restarts — unlike the transition
 * counters, which start again from zero on every restart, so that "transitions to T minus
 * transitions from T" in Prometheus is only right until the first failover.
 *
 * <p>Each subtask counts the changes that pass through it; only the sum over subtasks is the
 * population. On rescaling the per-subtask counts are handed out to the new subtasks whole (split
 * list state), which keeps that sum exact, while a single subtask's figure means nothing.
 */
public final class TierPopulations extends ProcessFunction<TierChange, Void>
        implements CheckpointedFunction {

    /** By tier ordinal; atomic because the metric reporter reads it from its own thread. */
    private final AtomicLongArray fans = new AtomicLongArray(Tier.values().length);

    private transient ListState<Tuple2<String, Long>> checkpointed;

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "tier-populations", Types.TUPLE(Types.STRING, Types.LONG)));
        // Stored by tier name, not ordinal: a tier symbol appended later must not shift counts.
        for (Tuple2<String, Long> count : checkpointed.get()) {
            fans.addAndGet(Tier.valueOf(count.f0).ordinal(), count.f1);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        FanscoreMetrics metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        for (Tier tier : Tier.values()) {
            if (tier != Tier.NONE) {
                metrics.tierPopulation(tier, () -> fans(tier));
            }
        }
    }

    @Override
    public void processElement(TierChange change, Context context, Collector<Void> out) {
        fans.decrementAndGet(change.getFromTier().ordinal());
        fans.incrementAndGet(change.getToTier().ordinal());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.clear();
        for (Tier tier : Tier.values()) {
            if (tier != Tier.NONE && fans(tier) != 0) {
                checkpointed.add(Tuple2.of(tier.name(), fans(tier)));
            }
        }
    }

    /** This subtask's count of fans holding {@code tier}. */
    public long fans(Tier tier) {
        return fans.get(tier.ordinal());
    }
}
