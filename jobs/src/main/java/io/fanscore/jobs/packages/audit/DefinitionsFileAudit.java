package io.fanscore.jobs.packages.audit;

import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageControl;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit's single writer (parallelism 1): passes on the decisions on runtime changes and, once
 * after each start, adds what changed in the definitions file since the file the job last started
 * with, which it keeps in its state. The file's changes are written as soon as the task runs (a
 * processing-time timer at once), or before the first decision or the end of a bounded input,
 * whichever comes first. A restart from a checkpoint taken before they were written writes them
 * again with the same ids.
 */
public final class DefinitionsFileAudit extends AbstractStreamOperator<PackageAudit>
        implements OneInputStreamOperator<PackageAudit, PackageAudit> {

    private final PackageCatalog catalog;
    private final String definitionsFile;
    private final long startedAtMillis;

    private transient ListState<PackageControl> auditedFile;
    private transient List<PackageControl> audited;
    private transient boolean written;

    /**
     * @param startedAtMillis when the job was started with the file: the changes' audit time
     */
    public DefinitionsFileAudit(
            PackageCatalog catalog, String definitionsFile, long startedAtMillis) {
        this.catalog = catalog;
        this.definitionsFile = definitionsFile;
        this.startedAtMillis = startedAtMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        auditedFile =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "audited-definitions-file",
                                        new AvroTypeInfo<>(PackageControl.class)));
        audited = new ArrayList<>();
        for (PackageControl record : auditedFile.get()) {
            audited.add(record);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime(),
                        time -> writeFileChanges());
    }

    @Override
    public void processElement(StreamRecord<PackageAudit> decision) {
        writeFileChanges();
        output.collect(decision);
    }

    @Override
    public void finish() throws Exception {
        writeFileChanges();
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        auditedFile.update(audited);
    }

    private void writeFileChanges() {
        if (written) {
            return;
        }
        written = true;
        List<PackageControl> now = DefinitionsFileChanges.asRecords(catalog.packages());
        PackageAuditRecords audits = new PackageAuditRecords();
        for (DefinitionsFileChanges.Change change : DefinitionsFileChanges.between(audited, now)) {
            output.collect(
                    new StreamRecord<>(
                            audits.ofFile(
                                    definitionsFile,
                                    change.change(),
                                    change.previous(),
                                    startedAtMillis)));
        }
        audited = new ArrayList<>(now);
    }
}
