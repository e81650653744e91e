package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The single-node network jdockd installs when the CNI directory holds no configuration, the counterpart of
 * containerd's {@code 10-containerd-net.conflist}:
 * <ul>
 *   <li>{@code bridge} on {@code jdock-cni0}, not jdockd's Docker bridge {@code jdock0}; gateway on the bridge,
 *       masquerade of traffic leaving the subnet, hairpin mode so that a pod reaches itself through a host
 *       port;</li>
 *   <li>{@code host-local} IPAM on {@code 10.90.0.0/16} with a default route: outside the Docker pools jdockd picks
 *       from (172.17-31.0.0/16, 192.168.0.0/20 steps), containerd's and Podman's 10.88/16, CRI-O's 10.85/16 and
 *       Kubernetes' default service range 10.96.0.0/12;</li>
 *   <li>{@code portmap} with the {@code portMappings} capability (the CRI's host ports);</li>
 *   <li>{@code firewall}: accepts the pods' traffic in its own {@code CNI-FORWARD} chain, so that pods reach out of
 *       the node where dockerd (or jdockd) set the FORWARD policy to DROP; the bridge plugin adds no FORWARD
 *       rule.</li>
 * </ul>
 * Loopback is not in the list: {@link PodNetwork} runs it apart on {@code lo}, as containerd does.
 */
public final class DefaultConflist {
    public static final String FILE_NAME = "10-jdock-net.conflist";
    public static final String NETWORK = "jdock-net";
    public static final String BRIDGE = "jdock-cni0";
    public static final String SUBNET = "10.90.0.0/16";
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private DefaultConflist() {
    }

    /** The default network with the given names: tests use a bridge, subnet and name of their own. */
    public static ObjectNode build(String network, String bridge, String subnet) {
        ObjectNode list = CniConfigs.JSON.createObjectNode();
        list.put("cniVersion", "1.0.0");
        list.put("name", network);
        ArrayNode plugins = list.putArray("plugins");
        ObjectNode br = plugins.addObject();
        br.put("type", "bridge");
        br.put("bridge", bridge);
        br.put("isGateway", true);
        br.put("ipMasq", true);
        br.put("hairpinMode", true);
        ObjectNode ipam = br.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", subnet);
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ObjectNode pm = plugins.addObject();
        pm.put("type", "portmap");
        pm.putObject("capabilities").put("portMappings", true);
        plugins.addObject().put("type", "firewall");
        NetworkConfigList.from(list, true);
        return list;
    }

    public static ObjectNode build() {
        return build(NETWORK, BRIDGE, SUBNET);
    }

    /**
     * Writes {@code conflist} as {@link #FILE_NAME} into the directory of {@code configs} when it holds no
     * configuration file at all (a broken one is the administrator's to fix, not to be shadowed): 0644 as a packaged
     * file is, complete or not at all (a synced temp file linked to its name), and never over a file of that name
     * that appeared meanwhile. Missing directories are made 0755. Returns the file written, if one was.
     */
    public static Optional<Path> installIfEmpty(CniConfigs configs, ObjectNode conflist) {
        if (configs.hasAnyConfigFile()) {
            return Optional.empty();
        }
        Path dir = configs.dir().toAbsolutePath();
        Path f = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve("." + FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
        try {
            makeDirs(dir);
            byte[] bytes = CniConfigs.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(conflist);
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(MODE))) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, MODE); // whatever the umask
            Files.createLink(f, tmp);
            AtomicFiles.fsyncDirectory(dir);
            return Optional.of(f);
        } catch (FileAlreadyExistsException e) {
            return Optional.empty(); // written by someone else meanwhile: theirs stays
        } catch (IOException e) {
            throw CniException.local("installing " + f, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a stray dot file is not read as a configuration
            }
        }
    }

    private static void makeDirs(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            makeDirs(dir.getParent());
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile
        }
    }
}
