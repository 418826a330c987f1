package io.fanscore.jobs.packages.audit;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageChangeDecision;
import io.fanscore.schema.PackageChangeSource;
import io.fanscore.schema.PackageControl;

import java.time.Instant;

/**
 * Builds the audit records of package changes, each with an id that depends only on the change: a
 * control record's position, or a file package's definition and the one before it, so that a
 * restart that decides again writes the same ids.
 */
public final class PackageAuditRecords {

    private final DeterministicId ids = new DeterministicId();

    /** The decision on a record of the control topic; {@code refusal} null when accepted. */
    public PackageAudit ofControl(
            SourceEnvelope<PackageControl> envelope, String refusal, PackageDefinition before) {
        PackageControl change = envelope.record;
        return PackageAudit.newBuilder()
                .setAuditId(
                        ids.of(
                                "control",
                                envelope.topic,
                                Integer.toString(envelope.partition),
                                Long.toString(envelope.offset)))
                .setPackageId(change == null ? null : change.getPackageId())
                .setSource(PackageChangeSource.CONTROL_TOPIC)
                .setOrigin(envelope.topic + "/" + envelope.partition + "/" + envelope.offset)
                .setDecision(
                        refusal == null
                                ? PackageChangeDecision.ACCEPTED
                                : PackageChangeDecision.REFUSED)
                .setReason(refusal)
                .setAction(change == null ? null : change.getAction())
                .setChange(change)
                .setPrevious(before == null ? null : PackageControls.upsert(before))
                .setTime(Instant.ofEpochMilli(envelope.readAtMillis))
                .build();
    }

    /**
     * A package of the definitions file new or changed ({@code change} an UPSERT) or gone ({@code
     * change} a REMOVE) since the file the job last started with.
     */
    public PackageAudit ofFile(
            String path, PackageControl change, PackageControl previous, long startedAtMillis) {
        return PackageAudit.newBuilder()
                .setAuditId(
                        ids.of(
                                "file",
                                change.getPackageId(),
                                change.toString(),
                                previous == null ? "" : previous.toString()))
                .setPackageId(change.getPackageId())
                .setSource(PackageChangeSource.DEFINITIONS_FILE)
                .setOrigin(path)
                .setDecision(PackageChangeDecision.ACCEPTED)
                .setAction(change.getAction())
                .setChange(change)
                .setPrevious(previous)
                .setTime(Instant.ofEpochMilli(startedAtMillis))
                .build();
    }

    /** A definitions file the job refused to start with. */
    public PackageAudit ofRefusedFile(String path, String refusal, long atMillis) {
        return PackageAudit.newBuilder()
                .setAuditId(ids.of("file-refused", path, refusal, Long.toString(atMillis)))
                .setSource(PackageChangeSource.DEFINITIONS_FILE)
                .setOrigin(path)
                .setDecision(PackageChangeDecision.REFUSED)
                .setReason(refusal)
                .setTime(Instant.ofEpochMilli(atMillis))
                .build();
    }
}
