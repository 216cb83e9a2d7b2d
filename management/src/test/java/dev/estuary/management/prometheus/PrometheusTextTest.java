package dev.estuary.management.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.management.testing.PrometheusParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class PrometheusTextTest {
    @Test
    void families_and_escaped_labels_parse_back() {
        String text = new PrometheusText()
                .single("a_total", "counter", "A counter.", 3)
                .family("b", "gauge", "With \\ and\nnewline.")
                .sample("b", 1.5, "url", "http://x/\"q\"\\n", "kind", "line\nfeed")
                .sample("b", 2, "url", "other")
                .toString();
        PrometheusParser.Scrape s = PrometheusParser.parse(text);
        assertThat(s.types()).containsEntry("a_total", "counter").containsEntry("b", "gauge");
        assertThat(s.value("a_total")).isEqualTo(3.0);
        assertThat(s.value("b", "url", "http://x/\"q\"\\n", "kind", "line\nfeed")).isEqualTo(1.5);
        assertThat(text).contains("a_total 3\n");
    }

    @Test
    void the_parser_refuses_what_breaks_the_format() {
        assertThatThrownBy(() -> PrometheusParser.parse("x 1\nx 2\n")).hasMessageContaining("duplicate series");
        assertThatThrownBy(() -> PrometheusParser.parse("x{a=\"1\"} 1\ny 1\nx{a=\"2\"} 1\n"))
                .hasMessageContaining("not together");
        assertThatThrownBy(() -> PrometheusParser.parse("x one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PrometheusParser.parse("x{a=1} 1\n")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> PrometheusParser.parse("x 1\n# TYPE x gauge\n")).hasMessageContaining("TYPE after");
        assertThatThrownBy(() -> PrometheusParser.parse("9x 1\n")).hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> PrometheusParser.parse("x 1")).hasMessageContaining("line feed");
    }
}
