package dev.jdock.daemon.cri.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.IDMapping;
import dev.jdock.daemon.cri.v1.Mount;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.UserNamespace;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import org.junit.jupiter.api.Test;

/** userns_options as containerd 2.x checks them. */
class UsernsOptionsTest {
    private static IDMapping map(int container, int host, int length) {
        return IDMapping.newBuilder().setContainerId(container).setHostId(host).setLength(length).build();
    }

    private static NamespaceOption pod(UserNamespace.Builder u) {
        return NamespaceOption.newBuilder().setUsernsOptions(u).build();
    }

    private static UserNamespace.Builder kubelets(int host) {
        return UserNamespace.newBuilder().setMode(NamespaceMode.POD).addUids(map(0, host, 65536))
                .addGids(map(0, host, 65536));
    }

    private static void invalid(String message, Runnable r) {
        EngineException e = assertThrows(EngineException.class, r::run);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void none_andModeNode_areTheHosts() {
        assertNull(UsernsOptions.sandbox(NamespaceOption.getDefaultInstance(), false));
        assertNull(UsernsOptions.sandbox(pod(UserNamespace.newBuilder().setMode(NamespaceMode.NODE)), false));
        assertEquals(NamespaceMode.NODE, UsernsOptions.view(null).getMode());
    }

    @Test
    void modePod_withTheKubeletsMapping_isThePodsUserns_andShownBack() {
        PodSandbox.Userns u = UsernsOptions.sandbox(pod(kubelets(131072)), false);
        assertEquals(new UserNamespaceSpec.IdMapping(0, 131072, 65536), u.uids());
        assertEquals(new UserNamespaceSpec.IdMapping(0, 131072, 65536), u.gids());
        assertEquals(kubelets(131072).build(), UsernsOptions.view(u));
    }

    @Test
    void containerdsRefusals() {
        invalid("with mappings", () -> UsernsOptions.sandbox(pod(kubelets(131072).setMode(NamespaceMode.NODE)),
                false));
        invalid("unsupported user namespace mode", () -> UsernsOptions.sandbox(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.CONTAINER)), false));
        invalid("unsupported user namespace mode", () -> UsernsOptions.sandbox(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.TARGET)), false));
        invalid("without UID and GID mappings", () -> UsernsOptions.sandbox(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.POD).addUids(map(0, 131072, 65536))), false));
        invalid("only one uid mapping", () -> UsernsOptions.sandbox(pod(kubelets(131072)
                .addUids(map(65536, 300000, 10))), false));
        invalid("container id 0", () -> UsernsOptions.sandbox(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.POD).addUids(map(1, 131072, 65536)).addGids(map(0, 131072, 65536))), false));
        invalid("host root", () -> UsernsOptions.sandbox(pod(kubelets(0)), false));
        invalid("invalid gid mapping", () -> UsernsOptions.sandbox(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.POD).addUids(map(0, 131072, 65536)).addGids(map(0, -65536, 65536))), false));
        invalid("host's network", () -> UsernsOptions.sandbox(NamespaceOption.newBuilder()
                .setNetwork(NamespaceMode.NODE).setUsernsOptions(kubelets(131072)).build(), false));
        invalid("privileged", () -> UsernsOptions.sandbox(pod(kubelets(131072)), true));
    }

    @Test
    void aContainersOptions_mustBeItsPods() {
        PodSandbox.Userns u = UsernsOptions.sandbox(pod(kubelets(131072)), false);
        UsernsOptions.container(NamespaceOption.getDefaultInstance(), u);
        UsernsOptions.container(pod(kubelets(131072)), u);
        UsernsOptions.container(pod(UserNamespace.newBuilder().setMode(NamespaceMode.NODE)), null);
        invalid("does not match", () -> UsernsOptions.container(pod(kubelets(196608)), u));
        invalid("does not match", () -> UsernsOptions.container(pod(kubelets(131072)), null));
        invalid("does not match", () -> UsernsOptions.container(pod(UserNamespace.newBuilder()
                .setMode(NamespaceMode.NODE)), u));
    }

    @Test
    void aMountsIdmappings_areNoneOrThePods() {
        PodSandbox.Userns u = UsernsOptions.sandbox(pod(kubelets(131072)), false);
        Mount plain = Mount.newBuilder().setHostPath("/h").setContainerPath("/c").build();
        UsernsOptions.mount(plain, u);
        UsernsOptions.mount(plain, null);
        Mount pods = plain.toBuilder().addUidMappings(map(0, 131072, 65536)).addGidMappings(map(0, 131072, 65536))
                .build();
        UsernsOptions.mount(pods, u);
        invalid("other than the pod's", () -> UsernsOptions.mount(plain.toBuilder()
                .addUidMappings(map(0, 196608, 65536)).addGidMappings(map(0, 196608, 65536)).build(), u));
        invalid("need the pod's user namespace", () -> UsernsOptions.mount(pods, null));
    }
}
