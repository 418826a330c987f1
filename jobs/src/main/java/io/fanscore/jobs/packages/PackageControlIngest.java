package io.fanscore.jobs.packages;

import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.packageformat.PackageId;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageException;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Checks runtime package changes like the definitions file is checked at start-up. A change that
 * cannot be used (undecodable, unknown salt, raw ids not allowed, ...) goes to the dead letters
 * with its reason and leaves the packages in force untouched.
 */
public final class PackageControlIngest
        extends ProcessFunction<SourceEnvelope<PackageControl>, PackageControl> {

    private final PackageCatalog catalog;
    private transient FanscoreMetrics metrics;

    public PackageControlIngest(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(
            SourceEnvelope<PackageControl> envelope, Context ctx, Collector<PackageControl> out) {
        if (envelope.isRejected()) {
            reject(ctx, envelope, envelope.rejection, envelope.rejectionDetail);
            return;
        }
        PackageControl control = envelope.record;
        if (!PackageId.isValid(control.getPackageId())) {
            reject(ctx, envelope, DeadLetterReason.INVALID_VALUE, "bad package_id");
            return;
        }
        if (control.getAction() == PackageAction.UPSERT) {
            try {
                catalog.check(PackageControls.definitionOf(control));
            } catch (PackageException | IllegalArgumentException e) {
                reject(ctx, envelope, DeadLetterReason.INVALID_VALUE, e.getMessage());
                return;
            }
        }
        out.collect(control);
    }

    private void reject(
            Context ctx,
            SourceEnvelope<PackageControl> envelope,
            DeadLetterReason reason,
            String detail) {
        metrics.deadLetter(reason);
        ctx.output(RecordIngest.DEAD_LETTERS, DeadLetters.of(envelope, reason, detail));
    }
}
