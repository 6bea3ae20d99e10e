package dev.vista.examples.setup;

import dev.vista.examples.cli.VistaCommand;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A jar in place of the CLI's for the launcher's scripts: its main class has the CLI's name and returns at once. */
final class EmptyCliJar {
    private EmptyCliJar() {
    }

    /** Writes the jar to {@code jar}, replacing what is there. */
    static void writeTo(Path jar) throws IOException {
        String mainClass = VistaCommand.class.getName();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Main-Class", mainClass);
        byte[] main = ClassFile.of().build(ClassDesc.of(mainClass), type -> type.withFlags(ClassFile.ACC_PUBLIC)
                .withMethodBody("main", MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_String.arrayType()),
                        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> code.return_()));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(mainClass.replace('.', '/') + ".class"));
            out.write(main);
        }
    }
}
