package io.fanscore.jobs.packages;

import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's writer hands each version to the next checkpoint once; committables survive one. */
class PackageVersionSinkTest {

    private static final PackageVersionReady V1 =
            new PackageVersionReady("p", 1, "file:///s/p/1", "file:///r/p/versions/1", "{}");
    private static final PackageVersionReady V2 =
            new PackageVersionReady("p", 2, "file:///s/p/2", "file:///r/p/versions/2", "{\"a\":1}");

    @Test
    void eachVersionGoesToTheCheckpointAfterItWasCutAndToNoOther() throws Exception {
        try (CommittingSinkWriter<PackageVersionReady, PackageVersionReady> writer =
                new PackageVersionSink(3).createWriter(null)) {
            writer.write(V1, null);
            writer.write(V2, null);
            assertThat(writer.prepareCommit()).containsExactly(V1, V2);
            assertThat(writer.prepareCommit()).isEmpty();
        }
    }

    @Test
    void aCommittableReadsBackAsWrittenAndAnUnknownVersionIsRefused() throws Exception {
        SimpleVersionedSerializer<PackageVersionReady> serializer =
                new PackageVersionSink(3).getCommittableSerializer();
        byte[] bytes = serializer.serialize(V2);
        assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(V2);
        assertThatThrownBy(() -> serializer.deserialize(serializer.getVersion() + 1, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown committable version");
    }
}
