package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code blocks marked {@code <!-- compiled: FILE -->} are, line for line (indentation aside), in
 * FILE of this project, which compiles and runs them: the README's examples cannot drift from the API.
 */
class ReadmeExamplesTest {
    private static final Pattern MARKED_BLOCK = Pattern.compile("<!-- compiled: (\\S+) -->\\s*```java\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void theMarkedBlocksAreInTheFilesTheyName() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher blocks = MARKED_BLOCK.matcher(readme);
        int checked = 0;
        while (blocks.find()) {
            String file = Files.readString(Path.of(blocks.group(1)));
            assertThat(normalized(file)).as("README block for %s", blocks.group(1)).contains(normalized(blocks.group(2)));
            checked++;
        }
        assertThat(checked).as("marked README blocks").isEqualTo(5);
    }

    /** Lines stripped of indentation, blank lines dropped, joined by newlines. */
    private static String normalized(String code) {
        List<String> lines = code.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        return String.join("\n", lines);
    }
}
