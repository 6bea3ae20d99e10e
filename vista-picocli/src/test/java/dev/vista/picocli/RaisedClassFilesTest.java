package dev.vista.picocli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's classes against picocli's own jar: every class there, raised to Java 8, its code unchanged. */
class RaisedClassFilesTest {
    private static final Path RAISED = Path.of("target/classes");

    @Test
    void everyClassOfPicocliIsHereWithJava8ClassFiles() throws IOException {
        Map<String, ClassModel> original = original();
        Map<String, ClassModel> raised = raised();

        assertThat(raised.keySet()).containsExactlyElementsOf(original.keySet());
        assertThat(original.values()).allSatisfy(model -> assertThat(model.majorVersion()).isEqualTo(49));
        assertThat(raised.values()).allSatisfy(model -> assertThat(model.majorVersion())
                .isEqualTo(ClassFile.JAVA_8_VERSION));
    }

    @Test
    void theCodeOfEveryMethodIsPicocliOwn() throws IOException {
        Map<String, ClassModel> original = original();
        raised().forEach((name, model) -> assertThat(instructions(model))
                .as(name).isEqualTo(instructions(original.get(name))));
    }

    @Test
    void everyClassLoadsAndPassesTheVerifierThatNeedsStackMaps() throws Exception {
        // A loader of its own, no parent but the platform's: the classes must link from these files alone,
        // and the JVM verifies what such a loader defines (stack maps are required from Java 7's class files on).
        URL[] classes = {RAISED.toUri().toURL()};
        try (var loader = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
            for (String name : raised().keySet()) {
                Class<?> loaded = Class.forName(name, true, loader);
                assertThat(loaded.getClassLoader()).as(name).isSameAs(loader);
            }
        }
    }

    /** Method name and descriptor to its instructions' opcodes, per method of the class. */
    private static Map<String, List<String>> instructions(ClassModel model) {
        Map<String, List<String>> byMethod = new TreeMap<>();
        for (MethodModel method : model.methods()) {
            List<String> opcodes = method.code().map(CodeModel::elementStream).orElseGet(Stream::empty)
                    .filter(Instruction.class::isInstance).map(i -> ((Instruction) i).opcode().name()).toList();
            byMethod.put(method.methodName().stringValue() + method.methodType().stringValue(), opcodes);
        }
        return byMethod;
    }

    private static Map<String, ClassModel> original() throws IOException {
        Map<String, ClassModel> models = new TreeMap<>();
        try (JarFile jar = new JarFile(System.getProperty("vista.picocli.original"))) {
            jar.stream().filter(entry -> entry.getName().startsWith("picocli/") && entry.getName().endsWith(".class"))
                    .forEach(entry -> {
                        try (InputStream in = jar.getInputStream(entry)) {
                            models.put(className(entry.getName()), ClassFile.of().parse(in.readAllBytes()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return models;
    }

    private static Map<String, ClassModel> raised() throws IOException {
        Map<String, ClassModel> models = new TreeMap<>();
        try (Stream<Path> files = Files.walk(RAISED)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                models.put(className(RAISED.relativize(file).toString()), ClassFile.of().parse(file));
            }
        }
        return models;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
