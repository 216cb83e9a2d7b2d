package dev.estuary.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CommandArgsTest {
    private static final Set<String> VALUED = Set.of("--hex", "--identity");

    @Test
    void positionals_and_both_option_spellings_are_split_and_double_dash_ends_the_options() {
        CommandArgs a = CommandArgs.parse(List.of("add", "--hex", "00ff", "sensor-1", "--identity=id 1", "--",
                "--not-an-option", "-"), VALUED);
        assertThat(a.positionals()).containsExactly("add", "sensor-1", "--not-an-option", "-");
        assertThat(a.options()).containsExactly(java.util.Map.entry("--hex", "00ff"),
                java.util.Map.entry("--identity", "id 1"));
    }

    @Test
    void unknown_valueless_and_repeated_options_are_usage_errors_naming_the_option() {
        assertThatThrownBy(() -> CommandArgs.parse(List.of("--key", "x"), VALUED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option '--key'");
        assertThatThrownBy(() -> CommandArgs.parse(List.of("add", "--hex"), VALUED))
                .hasMessage("option --hex needs a value");
        assertThatThrownBy(() -> CommandArgs.parse(List.of("--hex", "1", "--hex=2"), VALUED))
                .hasMessage("option --hex given twice");
    }

    @Test
    void exactly_checks_the_number_of_positionals_and_says_what_was_expected() {
        assertThat(CommandArgs.parse(List.of("a", "b"), VALUED).exactly("DEVICE", "KEY")).containsExactly("a", "b");
        assertThatThrownBy(() -> CommandArgs.parse(List.of("a"), VALUED).exactly("DEVICE", "KEY"))
                .hasMessage("expected DEVICE KEY");
        assertThatThrownBy(() -> CommandArgs.parse(List.of("a", "b", "c"), VALUED).exactly("DEVICE", "KEY"))
                .hasMessage("expected DEVICE KEY, got an extra argument 'c'");
        assertThatThrownBy(() -> CommandArgs.parse(List.of("x"), VALUED).exactly())
                .hasMessage("unexpected argument 'x'");
    }

    @Test
    void printable_escapes_control_characters_only() {
        assertThat(CommandArgs.printable("a\u001b[2Jb\tç")).isEqualTo("a\\x{1B}[2Jb\\x{9}ç");
    }
}
