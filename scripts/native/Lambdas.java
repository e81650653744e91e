import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.InvokeDynamicEntry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * Prints the interfaces a native image must initialize at build time (scripts/native/build.sh): the builder stores
 * non-capturing lambdas in the image heap, which it refuses for a type initialized at run time. Those are the
 * interfaces that some class of the class path makes a lambda of (an invokedynamic's type), and every interface under
 * the given package prefix; only those whose static initializer calls no method (it makes lambdas and constants at
 * most: initializing them at build time runs none of the program's code). Run with
 * JDK 25: {@code java Lambdas.java CLASSPATH PREFIX}.
 */
public class Lambdas {
    public static void main(String[] args) throws Exception {
        Map<String, ClassModel> classes = new HashMap<>();
        for (String jar : args[0].split(":")) {
            try (JarFile j = new JarFile(Path.of(jar).toFile())) {
                for (var e : (Iterable<java.util.jar.JarEntry>) j.stream()::iterator) {
                    String n = e.getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                        ClassModel m = ClassFile.of().parse(j.getInputStream(e).readAllBytes());
                        classes.putIfAbsent(m.thisClass().asInternalName(), m);
                    }
                }
            }
        }
        TreeSet<String> wanted = new TreeSet<>();
        for (ClassModel m : classes.values()) {
            boolean isInterface = (m.flags().flagsMask() & ClassFile.ACC_INTERFACE) != 0;
            if (isInterface && m.thisClass().asInternalName().startsWith(args[1])) {
                wanted.add(m.thisClass().asInternalName());
            }
            for (PoolEntry p : m.constantPool()) {
                if (p instanceof InvokeDynamicEntry indy) {
                    MethodTypeDesc t = MethodTypeDesc.ofDescriptor(indy.type().stringValue());
                    String d = t.returnType().descriptorString();
                    if (d.startsWith("L")) {
                        wanted.add(d.substring(1, d.length() - 1));
                    }
                }
            }
        }
        for (String name : wanted) {
            ClassModel m = classes.get(name); // JDK types are not here: the builder initializes them itself
            if (m != null && (m.flags().flagsMask() & ClassFile.ACC_INTERFACE) != 0
                    && m.methods().stream().noneMatch(x -> x.methodName().equalsString("<clinit>")
                            && x.code().orElseThrow().elementStream().anyMatch(i -> i instanceof InvokeInstruction))) {
                System.out.println(name.replace('/', '.'));
            }
        }
    }
}
