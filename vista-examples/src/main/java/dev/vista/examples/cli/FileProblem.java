package dev.vista.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** What went wrong opening an output file, in words: the file exceptions' own messages are just the path. */
final class FileProblem {
    private FileProblem() {
    }

    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException _ -> "its directory does not exist";
            case AccessDeniedException _ -> "permission denied";
            default -> e.getMessage();
        };
    }
}
