package dev.estuary.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic name and filter rules of MQTT 5.0 §4.7 and the single-filter matcher. */
@Timeout(10)
class TopicsTest {
    private static final TopicLimits LIMITS = TopicLimits.DEFAULT;

    // ------------------------------------------------------------------ names

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/", "//", "a//b", "/a", "a/", "$SYS/broker", "sport/tennis/player1",
        "ümlaut/日本", " ", "a b/c"})
    void valid_topic_names_are_accepted(String topic) {
        assertThatCode(() -> Topics.checkName(topic, LIMITS)).doesNotThrowAnyException();
    }

    @Test
    void empty_topic_name_is_refused() {
        assertThatThrownBy(() -> Topics.checkName("", LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/+", "a/#", "a+", "a#b", "+/a", "sport/tennis#"})
    void wildcards_are_refused_in_topic_names(String topic) {
        assertThatThrownBy(() -> Topics.checkName(topic, LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("wildcards");
    }

    @Test
    void null_character_is_refused_in_topic_names() {
        assertThatThrownBy(() -> Topics.checkName("a/\u0000/b", LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("U+0000");
    }

    @Test
    void topic_name_length_limit_is_inclusive() {
        TopicLimits limits = new TopicLimits(5, 128);
        assertThatCode(() -> Topics.checkName("abcde", limits)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Topics.checkName("abcdef", limits))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("longer than 5");
    }

    @Test
    void topic_name_level_limit_counts_empty_levels() {
        TopicLimits limits = new TopicLimits(100, 3);
        assertThatCode(() -> Topics.checkName("a/b/c", limits)).doesNotThrowAnyException();
        assertThatCode(() -> Topics.checkName("//", limits)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Topics.checkName("a/b/c/d", limits))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("4 levels");
        assertThatThrownBy(() -> Topics.checkName("///", limits))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("4 levels");
    }

    // ------------------------------------------------------------------ filters

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "+/+", "a/#", "a/+/b", "+/#", "/#", "/+", "a//+", "+/", "$SYS/#", "a/b",
        "sport/+/player1", "+/+/+/#", "$share"})
    void valid_topic_filters_are_accepted(String filter) {
        assertThatCode(() -> Topics.checkFilter(filter, LIMITS)).doesNotThrowAnyException();
    }

    @Test
    void empty_topic_filter_is_refused() {
        assertThatThrownBy(() -> Topics.checkFilter("", LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "+a", "a/b+", "a/+b", "++", "a/++/b", "sport+/x"})
    void plus_must_occupy_a_whole_level(String filter) {
        assertThatThrownBy(() -> Topics.checkFilter(filter, LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("'+'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#/a", "a/#/b", "a#", "#a", "a/b#", "##", "sport/tennis#", "#/"})
    void hash_must_be_the_last_level_on_its_own(String filter) {
        assertThatThrownBy(() -> Topics.checkFilter(filter, LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("'#'");
    }

    @Test
    void null_character_is_refused_in_topic_filters() {
        assertThatThrownBy(() -> Topics.checkFilter("a/\u0000", LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Topics.checkFilter("\u0000", LIMITS))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("U+0000");
    }

    @Test
    void topic_filter_length_and_level_limits_are_inclusive() {
        TopicLimits limits = new TopicLimits(5, 3);
        assertThatCode(() -> Topics.checkFilter("a/b/#", limits)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Topics.checkFilter("a/b/c#", limits))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("longer than 5");
        assertThatThrownBy(() -> Topics.checkFilter("a/b/+/", limits))
                .isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> Topics.checkFilter("+/+/+/", new TopicLimits(100, 3)))
                .isInstanceOf(InvalidTopicException.class).hasMessageContaining("4 levels");
        assertThatCode(() -> Topics.checkFilter("+/+/#", new TopicLimits(100, 3))).doesNotThrowAnyException();
    }

    @Test
    void long_filters_are_abbreviated_in_messages() {
        String filter = "a".repeat(200) + "+";
        assertThatThrownBy(() -> Topics.checkFilter(filter, LIMITS))
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageEndingWith("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(150));
    }

    // ------------------------------------------------------------------ shared filters

    @Test
    void shared_subscription_topic_is_split_into_group_and_filter() {
        TopicFilter tf = TopicFilter.parse("$share/g1/a/+/c", LIMITS);
        assertThat(tf.group()).isEqualTo("g1");
        assertThat(tf.filter()).isEqualTo("a/+/c");
        assertThat(tf.isShared()).isTrue();
        assertThat(tf.hasWildcard()).isTrue();
        assertThat(tf.raw()).isEqualTo("$share/g1/a/+/c");
    }

    @Test
    void queue_subscription_is_a_shared_subscription_in_the_queue_group() {
        TopicFilter tf = TopicFilter.parse("$queue/jobs/#", LIMITS);
        assertThat(tf.group()).isEqualTo(TopicFilter.QUEUE_GROUP);
        assertThat(tf.filter()).isEqualTo("jobs/#");
    }

    @Test
    void plain_filter_has_no_group() {
        TopicFilter tf = TopicFilter.parse("a/b", LIMITS);
        assertThat(tf.isShared()).isFalse();
        assertThat(tf.hasWildcard()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g", "$share//a", "$share/g+/a", "$share/g#/a", "$share/g/", "$queue/",
        "$share/g/a+", "$queue/#/a"})
    void malformed_shared_subscriptions_are_refused(String raw) {
        assertThatThrownBy(() -> TopicFilter.parse(raw, LIMITS)).isInstanceOf(InvalidTopicException.class);
    }

    // ------------------------------------------------------------------ levels

    @Test
    void levels_keep_empty_levels() {
        assertThat(Topics.levels("a//b")).containsExactly("a", "", "b");
        assertThat(Topics.levels("/")).containsExactly("", "");
        assertThat(Topics.levels("a")).containsExactly("a");
        assertThat(Topics.levels("/a/")).containsExactly("", "a", "");
    }

    // ------------------------------------------------------------------ matching

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // exact
        "a/b|a/b|true",
        "a/b|a/bc|false",
        "a/bc|a/b|false",
        "a/b|a|false",
        "a|a/b|false",
        "a/|a|false",
        "a|a/|false",
        "/|/|true",
        "/a|a|false",
        // '#'
        "#|a|true",
        "#|a/b/c|true",
        "#|/|true",
        "#|/a|true",
        "a/#|a|true",
        "a/#|a/|true",
        "a/#|a/b|true",
        "a/#|a/b/c|true",
        "a/#|ab|false",
        "a/#|b|false",
        "a/b/#|a|false",
        "a/b/#|a/b|true",
        "/#|/|true",
        "/#|a|false",
        "+/#|a|true",
        "+/#|/|true",
        "+/#|a/b/c|true",
        // '+'
        "+|a|true",
        "+|a/b|false",
        "+|/|false",
        "+/+|/|true",
        "+/+|a/b|true",
        "+/+|a|false",
        "a/+|a/|true",
        "a/+|a|false",
        "a/+|a/b/c|false",
        "+/b|/b|true",
        "a/+/c|a/b/c|true",
        "a/+/c|a//c|true",
        "a/+/c|a/b/d|false",
        "a/+/#|a/b|true",
        "a/+/#|a|false",
        "+/+/#|a|false",
        "+/+/#|a/b|true",
        "sport/tennis/+|sport/tennis/player1|true",
        "sport/tennis/+|sport/tennis/player1/ranking|false",
        "sport/+|sport|false",
        "sport/+|sport/|true",
        // '$' rule (MQTT 5.0 §4.7.2)
        "#|$SYS|false",
        "#|$SYS/broker|false",
        "+|$SYS|false",
        "+/broker|$SYS/broker|false",
        "+/#|$SYS/broker|false",
        "$SYS/#|$SYS/broker|true",
        "$SYS/#|$SYS|true",
        "$SYS/+|$SYS/broker|true",
        "$SYS|$SYS|true",
        "a/#|a/$b|true",
        "a/+|a/$b|true",
        "#|a/$SYS|true",
    })
    void single_filter_matching(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).as("%s vs %s", filter, topic).isEqualTo(expected);
    }

    @Test
    void system_topics_are_those_starting_with_dollar() {
        assertThat(Topics.isSystemTopic("$SYS/x")).isTrue();
        assertThat(Topics.isSystemTopic("$")).isTrue();
        assertThat(Topics.isSystemTopic("a/$SYS")).isFalse();
        assertThat(Topics.isSystemTopic("")).isFalse();
    }
}
