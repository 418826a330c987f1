package io.fanscore.jobs.erasure;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.state.ErasureShare;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Keyed by request_id: sums the shares every scorer subtask sends for an erasure request and writes
 * one outcome once all have come. A share is sent by every subtask, erasing or not, so the count
 * tells when the sum is whole; the partial sum is keyed state, so a restore loses none.
 */
public final class ErasureOutcomes
        extends KeyedProcessFunction<String, ErasureShare, ErasureOutcome> {

    private transient ValueState<ErasureShare> sum;
    private transient FanscoreMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        sum =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "erasure-share-sum",
                                        new AvroTypeInfo<>(ErasureShare.class)));
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ErasureShare share, Context ctx, Collector<ErasureOutcome> out)
            throws Exception {
        ErasureShare whole = add(sum.value(), share);
        if (whole.getReceived() < whole.getShares()) {
            sum.update(whole);
            return;
        }
        sum.clear();
        metrics.erasureApplied();
        out.collect(outcomeOf(whole));
    }

    /** The sum of {@code sum} (null for none yet) and one more share. */
    static ErasureShare add(ErasureShare sum, ErasureShare share) {
        if (sum == null) {
            return ErasureShare.newBuilder(share).setReceived(1).build();
        }
        TreeSet<String> packages = new TreeSet<>(sum.getPackagesTouched());
        packages.addAll(share.getPackagesTouched());
        return ErasureShare.newBuilder(sum)
                .setPairsErased(sum.getPairsErased() + share.getPairsErased())
                .setPackagesTouched(List.copyOf(packages))
                .setAppliedAt(Math.max(sum.getAppliedAt(), share.getAppliedAt()))
                .setReceived(sum.getReceived() + 1)
                .build();
    }

    static ErasureOutcome outcomeOf(ErasureShare whole) {
        return ErasureOutcome.newBuilder()
                .setRequestId(whole.getRequestId())
                .setFanHash(whole.getFanHash())
                .setCreatorId(whole.getCreatorId())
                .setEventTime(Instant.ofEpochMilli(whole.getEventTime()))
                .setAppliedAt(Instant.ofEpochMilli(whole.getAppliedAt()))
                .setPairsErased(whole.getPairsErased())
                .setPackagesTouched(whole.getPackagesTouched())
                .build();
    }
}
