package io.fanscore.jobs.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.io.IOException;
import java.net.ServerSocket;

/** The MiniCluster every job ITCase runs on: one TaskManager with two slots (parallelism 2). */
public final class TestClusters {

    private TestClusters() {}

    public static MiniClusterExtension twoSlots() {
        return twoSlots(new Configuration());
    }

    public static MiniClusterExtension twoSlots(Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(configuration)
                        .build());
    }

    /** A port free on 127.0.0.1 now, for a server a test starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
