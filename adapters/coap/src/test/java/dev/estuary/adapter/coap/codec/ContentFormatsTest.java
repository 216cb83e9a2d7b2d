package dev.estuary.adapter.coap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ContentFormatsTest {
    @Test
    void the_common_formats_map_both_ways() {
        assertThat(ContentFormats.toContentType(0)).isEqualTo("text/plain");
        assertThat(ContentFormats.toContentType(42)).isEqualTo("application/octet-stream");
        assertThat(ContentFormats.toContentType(50)).isEqualTo("application/json");
        assertThat(ContentFormats.toContentType(60)).isEqualTo("application/cbor");
        assertThat(ContentFormats.toContentFormat("text/plain; charset=utf-8")).isEqualTo(0);
        assertThat(ContentFormats.toContentFormat("Application/JSON")).isEqualTo(50);
        assertThat(ContentFormats.toContentFormat("application/cbor")).isEqualTo(60);
        assertThat(ContentFormats.toContentFormat("application/octet-stream")).isEqualTo(42);
    }

    @Test
    void unknown_formats_and_types_have_no_counterpart() {
        assertThat(ContentFormats.toContentType(65100)).isNull();
        assertThat(ContentFormats.toContentType(MediaTypeRegistry.UNDEFINED)).isNull();
        assertThat(ContentFormats.toContentFormat("application/x-vendor")).isEqualTo(MediaTypeRegistry.UNDEFINED);
        assertThat(ContentFormats.toContentFormat(null)).isEqualTo(MediaTypeRegistry.UNDEFINED);
    }
}
