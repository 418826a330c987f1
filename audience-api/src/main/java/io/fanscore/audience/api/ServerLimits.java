package io.fanscore.audience.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * What one server spends on its clients at most, so that many or slow clients cannot exhaust it.
 * Connections are limited (each carries one request at a time), and requests beyond the threads
 * wait in Jetty's queue, which Jetty wants unbounded: a full queue would also drop its own tasks. A
 * slow reader is cut off when it stalls for the idle timeout or reads slower than the minimum rate;
 * its thread goes back to the pool. Member checks keep the index of the latest version of at most
 * {@code memberCheckCachePackages} packages in memory, 8 bytes per member each.
 */
public record ServerLimits(
        int maxThreads,
        int maxConnections,
        long idleTimeoutMs,
        long minResponseBytesPerSecond,
        int maxRequestHeaderBytes,
        int memberCheckCachePackages) {

    public static final ServerLimits DEFAULTS = new ServerLimits(32, 512, 30_000, 4096, 8192, 16);

    /** From the {@code limits:} section; a key left out keeps its default. */
    @JsonCreator
    static ServerLimits fromFile(
            @JsonProperty("max_threads") Integer maxThreads,
            @JsonProperty("max_connections") Integer maxConnections,
            @JsonProperty("idle_timeout_ms") Long idleTimeoutMs,
            @JsonProperty("min_response_bytes_per_second") Long minResponseBytesPerSecond,
            @JsonProperty("max_request_header_bytes") Integer maxRequestHeaderBytes,
            @JsonProperty("member_check_cache_packages") Integer memberCheckCachePackages) {
        return new ServerLimits(
                Objects.requireNonNullElse(maxThreads, DEFAULTS.maxThreads),
                Objects.requireNonNullElse(maxConnections, DEFAULTS.maxConnections),
                Objects.requireNonNullElse(idleTimeoutMs, DEFAULTS.idleTimeoutMs),
                Objects.requireNonNullElse(
                        minResponseBytesPerSecond, DEFAULTS.minResponseBytesPerSecond),
                Objects.requireNonNullElse(maxRequestHeaderBytes, DEFAULTS.maxRequestHeaderBytes),
                Objects.requireNonNullElse(
                        memberCheckCachePackages, DEFAULTS.memberCheckCachePackages));
    }

    void validate() {
        require(maxThreads >= 8, "limits.max_threads must be at least 8 (Jetty's own threads)");
        require(maxConnections >= 1, "limits.max_connections must be positive");
        require(idleTimeoutMs >= 100, "limits.idle_timeout_ms must be at least 100");
        require(
                minResponseBytesPerSecond >= 0,
                "limits.min_response_bytes_per_second must be >= 0");
        require(
                maxRequestHeaderBytes >= 1024,
                "limits.max_request_header_bytes must be at least 1024");
        require(
                memberCheckCachePackages >= 1,
                "limits.member_check_cache_packages must be at least 1");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }
}
