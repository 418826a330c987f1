package io.fanscore.jobs.packages;

import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Publishes package versions exactly once: the versioner has written a version's files to staging;
 * this sink hands each version to Flink's committer, which runs only after the checkpoint that
 * covers the cut completes (and again after a restore, until it succeeds). A version that never
 * reaches a completed checkpoint is never published.
 */
public final class PackageVersionSink
        implements Sink<PackageVersionReady>, SupportsCommitter<PackageVersionReady> {

    private final int keepVersions;

    /**
     * Keeps {@link io.fanscore.rules.packages.PackageCatalog#DEFAULT_KEEP_VERSIONS} per package.
     */
    public PackageVersionSink() {
        this(io.fanscore.rules.packages.PackageCatalog.DEFAULT_KEEP_VERSIONS);
    }

    /**
     * @param keepVersions how many of its latest versions each package keeps
     */
    public PackageVersionSink(int keepVersions) {
        this.keepVersions = keepVersions;
    }

    @Override
    public CommittingSinkWriter<PackageVersionReady, PackageVersionReady> createWriter(
            WriterInitContext context) {
        return new PassThroughWriter();
    }

    @Override
    public Committer<PackageVersionReady> createCommitter(CommitterInitContext context) {
        return new PackageVersionCommitter(keepVersions);
    }

    @Override
    public SimpleVersionedSerializer<PackageVersionReady> getCommittableSerializer() {
        return new ReadySerializer();
    }

    /** Versions are already written; the writer only passes them to the next checkpoint. */
    private static final class PassThroughWriter
            implements CommittingSinkWriter<PackageVersionReady, PackageVersionReady> {
        private List<PackageVersionReady> ready = new ArrayList<>();

        @Override
        public void write(PackageVersionReady version, Context context) {
            ready.add(version);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public Collection<PackageVersionReady> prepareCommit() {
            List<PackageVersionReady> committing = ready;
            ready = new ArrayList<>();
            return committing;
        }

        @Override
        public void close() {}
    }

    /** Avro binary, version 1. */
    static final class ReadySerializer implements SimpleVersionedSerializer<PackageVersionReady> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(PackageVersionReady version) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(PackageVersionReady.class).write(version, encoder);
            encoder.flush();
            return bytes.toByteArray();
        }

        @Override
        public PackageVersionReady deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown committable version " + version);
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(serialized, null);
            return new SpecificDatumReader<>(PackageVersionReady.class).read(null, decoder);
        }
    }
}
