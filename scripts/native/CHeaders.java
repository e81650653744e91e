import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.nativeimage.c.struct.CField;
import org.graalvm.nativeimage.c.struct.CStruct;

/**
 * Writes the C headers GraalVM's builder compiles against (include/*cpufeatures.h, include/svm_locale.h) from the
 * {@code @CStruct} interfaces of the svm jar: the GraalVM distribution ships these headers, Maven Central does not.
 * Run with the svm and nativeimage jars on the class path: {@code java -cp ... CHeaders.java OUTDIR}.
 */
public class CHeaders {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0], "include");
        Files.createDirectories(dir);
        for (String arch : new String[] {"amd64:AMD64", "aarch64:AArch64", "riscv64:RISCV64"}) {
            String[] a = arch.split(":");
            String cls = "com.oracle.svm.core." + a[0] + "." + a[1] + "LibCHelper$CPUFeatures";
            Files.writeString(dir.resolve(a[0] + "cpufeatures.h"), "#include <stdint.h>\n" + struct(cls)
                    + "void determineCPUFeatures(CPUFeatures *f);\nint checkCPUFeatures(uint8_t *mask);\n"
                    + "int checkCPUFeaturesOrExit(uint8_t *mask, const char *message);\n");
        }
        Files.writeString(dir.resolve("svm_locale.h"), "#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0\n"
                + "#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1\n"
                + struct("com.oracle.svm.core.c.locale.LocaleCHelper$LocaleProps")
                + "int svm_initialize_locale(void);\nsvm_locale_props_t *svm_get_locale(void);\n");
    }

    /** The typedef of one {@code @CStruct}: its fields in declaration order (the layout is ours to choose). */
    private static String struct(String cls) throws Exception {
        Class<?> c = Class.forName(cls, false, CHeaders.class.getClassLoader());
        StringBuilder sb = new StringBuilder("typedef struct {\n");
        for (Method m : c.getDeclaredMethods()) {
            CField f = m.getAnnotation(CField.class);
            if (f == null || m.getParameterCount() != 0) {
                continue;
            }
            String name = f.value().isEmpty() ? m.getName() : f.value();
            Class<?> t = m.getReturnType();
            String type = t == boolean.class ? "uint8_t" : t == int.class ? "int" : t == long.class ? "long" : "char *";
            sb.append("  ").append(type).append(' ').append(name).append(";\n");
        }
        String name = c.getAnnotation(CStruct.class).value();
        return sb.append("} ").append(name.isEmpty() ? c.getSimpleName() : name).append(";\n").toString();
    }
}
