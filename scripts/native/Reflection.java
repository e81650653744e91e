import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Writes a reflect-config.json (or jni-config.json) array for the classes named in a file (scripts/native/build.sh),
 * instead of registering every member of each: a method registered for reflection is reachable, compiled into the
 * image and kept with its metadata (docs/performance.md, "The native daemon and CLI"). Run with JDK 25:
 * {@code java Reflection.java CLASSPATH MODE CLASSLIST}, MODE one of
 * <ul>
 * <li>{@code bound}: jdock's classes, for what Jackson databind and picocli do with them: every field and constructor,
 * the methods they may invoke (annotated ones, bean getters and setters, record and fluent accessors, {@code valueOf},
 * {@code fromString}, an enum's {@code values}), the others for queries only (getDeclaredMethods lists them);
 * interfaces in full (proxies of jdock's JNA and D-Bus interfaces hand their methods to the handlers);</li>
 * <li>{@code all}: every member, but no method that names AWT (JNA's {@code Native.getComponentID(Component)}...: with
 * them java.awt.Component and the toolkit behind it are in the image).</li>
 * </ul>
 * A class not on the class path is registered in full.
 */
public class Reflection {
    static final String FIELDS = "\"allDeclaredFields\":true,\"allPublicFields\":true";
    static final String CONSTRUCTORS = "\"allDeclaredConstructors\":true,\"allPublicConstructors\":true";
    static final String METHODS = "\"allDeclaredMethods\":true,\"allPublicMethods\":true";
    static final String QUERY = "\"queryAllDeclaredMethods\":true,\"queryAllPublicMethods\":true";
    static final Set<String> CREATORS = Set.of("valueOf", "fromString");

    public static void main(String[] args) throws Exception {
        Map<String, ClassModel> classes = new HashMap<>();
        for (String jar : args[0].split(":")) {
            try (JarFile j = new JarFile(Path.of(jar).toFile())) {
                for (var e : (Iterable<java.util.jar.JarEntry>) j.stream()::iterator) {
                    String n = e.getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                        ClassModel m = ClassFile.of().parse(j.getInputStream(e).readAllBytes());
                        classes.putIfAbsent(m.thisClass().asInternalName().replace('/', '.'), m);
                    }
                }
            }
        }
        boolean bound = args[1].equals("bound");
        List<String> out = new ArrayList<>();
        for (String name : Files.readAllLines(Path.of(args[2]))) {
            if (name.isBlank()) {
                continue;
            }
            ClassModel m = classes.get(name);
            String members;
            if (m == null) {
                members = FIELDS + "," + CONSTRUCTORS + "," + METHODS;
            } else if (bound && (m.flags().flagsMask() & ClassFile.ACC_INTERFACE) == 0) {
                members = FIELDS + "," + CONSTRUCTORS + "," + QUERY + methods(m, Reflection::invokable);
            } else if (m.methods().stream().anyMatch(Reflection::namesAwt)) {
                // (the public methods inherited from a superclass are not listed: JNA's classes that name AWT, Native
                // and Native$AWT, extend Object)
                members = FIELDS + "," + CONSTRUCTORS + "," + QUERY
                        + methods(m, x -> !namesAwt(x) && !x.methodName().stringValue().startsWith("<"));
            } else {
                members = FIELDS + "," + CONSTRUCTORS + "," + METHODS;
            }
            out.add("{\"name\":\"" + name + "\"," + members + "}");
        }
        System.out.println("[" + String.join(",\n", out) + "]");
    }

    /** The methods Jackson databind or picocli may call on a jdock class. */
    static boolean invokable(MethodModel m) {
        String name = m.methodName().stringValue();
        if (name.startsWith("<")) {
            return false;
        }
        if (m.findAttribute(Attributes.runtimeVisibleAnnotations()).isPresent()
                || m.findAttribute(Attributes.runtimeVisibleParameterAnnotations()).isPresent()) {
            return true;
        }
        MethodTypeDesc t = m.methodTypeSymbol();
        boolean isStatic = (m.flags().flagsMask() & ClassFile.ACC_STATIC) != 0;
        int n = t.parameterCount();
        boolean returns = !t.returnType().descriptorString().equals("V");
        if (isStatic) {
            return (n == 1 && CREATORS.contains(name)) || (n == 0 && name.equals("values"));
        }
        if (n == 0 && returns && (name.startsWith("get") || name.startsWith("is"))) {
            return true;
        }
        if (n == 1 && name.startsWith("set")) {
            return true;
        }
        // record components and fluent accessors: a method named as one of the class's fields
        ClassModel c = m.parent().orElseThrow();
        return n == 0 && returns && c.fields().stream().anyMatch(f -> f.fieldName().equalsString(name));
    }

    /** Whether the method's signature or code names a java.awt type. */
    static boolean namesAwt(MethodModel m) {
        if (m.methodType().stringValue().contains("Ljava/awt/")) {
            return true;
        }
        return m.code().map(code -> code.elementStream().anyMatch(i -> {
            ClassEntry owner = switch (i) {
                case InvokeInstruction x -> x.owner();
                case FieldInstruction x -> x.owner();
                case TypeCheckInstruction x -> x.type();
                case NewObjectInstruction x -> x.className();
                default -> null;
            };
            String d = i instanceof InvokeInstruction x ? x.typeSymbol().descriptorString()
                    : i instanceof FieldInstruction x ? x.typeSymbol().descriptorString() : "";
            return (owner != null && owner.asInternalName().startsWith("java/awt/")) || d.contains("Ljava/awt/");
        })).orElse(false);
    }

    static String methods(ClassModel c, java.util.function.Predicate<MethodModel> which) {
        StringBuilder b = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (MethodModel m : c.methods()) {
            if (!which.test(m)) {
                continue;
            }
            MethodTypeDesc t = m.methodTypeSymbol();
            List<String> params = new ArrayList<>();
            for (ClassDesc p : t.parameterList()) {
                params.add("\"" + javaName(p) + "\"");
            }
            String entry = "{\"name\":\"" + m.methodName().stringValue() + "\",\"parameterTypes\":["
                    + String.join(",", params) + "]}";
            if (seen.add(entry)) {
                b.append(b.length() == 0 ? "" : ",").append(entry);
            }
        }
        return b.length() == 0 ? "" : ",\"methods\":[" + b + "]";
    }

    /** A type as the configuration names it: java.lang.String, int, byte[], a.B$C. */
    static String javaName(ClassDesc d) {
        if (d.isArray()) {
            return javaName(d.componentType()) + "[]";
        }
        if (d.isPrimitive()) {
            return d.displayName();
        }
        String s = d.descriptorString();
        return s.substring(1, s.length() - 1).replace('/', '.');
    }
}
