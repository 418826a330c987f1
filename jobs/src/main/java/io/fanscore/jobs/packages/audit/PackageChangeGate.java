package io.fanscore.jobs.packages.audit;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageChangeReview;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageControl;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides each runtime package change (keyed by package id, so a package's
 * changes are decided in the order they were sent): a change that cannot be used, or that {@link
 * PackageChangeReview} refuses, goes to the dead letters with its reason; an accepted one goes on
 * to every operator that keeps the packages. Every decision is audited.
 */
public final class PackageChangeGate
        extends KeyedProcessFunction<String, SourceEnvelope<PackageControl>, PackageControl> {

    /** One record per decision, accepted or refused. */
    public static final OutputTag<PackageAudit> AUDIT =
            new OutputTag<>("package-audit", new AvroTypeInfo<>(PackageAudit.class)) {};

    private static final Logger LOG = LoggerFactory.getLogger(PackageChangeGate.class);

    /** Undecodable records have no package id; they are decided under this key. */
    private static final String UNREADABLE = "";

    private final PackageChangeReview review;
    private transient ValueState<PackageControl> lastAccepted;
    private transient PackageAuditRecords audits;
    private transient FanscoreMetrics metrics;

    public PackageChangeGate(PackageCatalog catalog) {
        this.review = new PackageChangeReview(catalog);
    }

    public static String keyOf(SourceEnvelope<PackageControl> envelope) {
        return envelope.record == null ? UNREADABLE : envelope.record.getPackageId();
    }

    @Override
    public void open(OpenContext openContext) {
        lastAccepted =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-accepted-change",
                                        new AvroTypeInfo<>(PackageControl.class)));
        audits = new PackageAuditRecords();
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(
            SourceEnvelope<PackageControl> envelope, Context ctx, Collector<PackageControl> out)
            throws Exception {
        if (envelope.isRejected()) {
            refuse(ctx, envelope, envelope.rejection, envelope.rejectionDetail, null);
            return;
        }
        PackageChangeReview.Verdict verdict = review.review(envelope.record, lastAccepted.value());
        if (!verdict.accepted()) {
            refuse(ctx, envelope, DeadLetterReason.INVALID_VALUE, verdict.refusal(), verdict);
            return;
        }
        lastAccepted.update(envelope.record);
        ctx.output(AUDIT, audits.ofControl(envelope, null, verdict.before()));
        out.collect(envelope.record);
    }

    private void refuse(
            Context ctx,
            SourceEnvelope<PackageControl> envelope,
            DeadLetterReason reason,
            String detail,
            PackageChangeReview.Verdict verdict) {
        String refusal = reason + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        LOG.warn(
                "Package change at {}/{}/{} refused: {}",
                envelope.topic,
                envelope.partition,
                envelope.offset,
                refusal);
        metrics.deadLetter(reason);
        metrics.packageChangeRefused();
        ctx.output(RecordIngest.DEAD_LETTERS, DeadLetters.of(envelope, reason, detail));
        ctx.output(
                AUDIT,
                audits.ofControl(envelope, refusal, verdict == null ? null : verdict.before()));
    }
}
