package io.fanscore.audience.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Accept-Encoding and If-None-Match as clients send them. */
class RequestHeadersTest {

    @Test
    void gzipIsTakenWhenListedOrWildcardedWithoutQualityZero() {
        assertThat(AcceptEncoding.acceptsGzip("gzip")).isTrue();
        assertThat(AcceptEncoding.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(AcceptEncoding.acceptsGzip("x-gzip")).isTrue();
        assertThat(AcceptEncoding.acceptsGzip("*")).isTrue();
        assertThat(AcceptEncoding.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(AcceptEncoding.acceptsGzip("*, gzip;q=0.0")).isFalse();
        assertThat(AcceptEncoding.acceptsGzip("br, deflate")).isFalse();
        assertThat(AcceptEncoding.acceptsGzip("identity")).isFalse();
        assertThat(AcceptEncoding.acceptsGzip(null)).isFalse();
    }

    @Test
    void ifNoneMatchComparesWeaklyAndTakesListsAndTheWildcard() {
        String tag = EntityTag.strong("m-abc");
        assertThat(EntityTag.noneMatchFails(tag, tag)).isTrue();
        assertThat(EntityTag.noneMatchFails("\"x\", " + tag, tag)).isTrue();
        assertThat(EntityTag.noneMatchFails("W/" + tag, tag)).isTrue();
        assertThat(EntityTag.noneMatchFails("*", tag)).isTrue();
        assertThat(EntityTag.noneMatchFails("\"m-abc-gz\"", tag)).isFalse();
        assertThat(EntityTag.noneMatchFails("m-abc", tag)).isFalse();
        assertThat(EntityTag.noneMatchFails(null, tag)).isFalse();
    }
}
