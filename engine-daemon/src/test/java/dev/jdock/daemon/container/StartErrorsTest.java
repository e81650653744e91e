package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartErrorsTest {
    private static final String WRAP = "failed to create task for container: OCI runtime create failed: unable to "
            + "start container process: ";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the config's fault (moby's startInvalidConfigError): 400
        "exec: \"nosuch\": executable file not found in $PATH|INVALID_PARAMETER|",
        "exec: \"/nope\": stat /nope: no such file or directory|INVALID_PARAMETER|",
        "exec: \"/etc/passwd\": permission denied|INVALID_PARAMETER|",
        "exec: \"/etc\": is a directory|INVALID_PARAMETER|: permission denied",
        "chdir to cwd (\"/etc/passwd\") set in config.json failed: Not a directory|INVALID_PARAMETER|HINT",
        // an AppArmor profile the kernel has not loaded (the init's write, runc's text): moby's 400, exit code 127
        "apparmor failed to apply profile: write /proc/thread-self/attr/apparmor/exec: No such file or directory"
            + "|INVALID_PARAMETER|",
        // anything else is errdefs.Unknown: 500
        "mkdir `/w`: Read-only file system|SYSTEM|",
        "sethostname: Operation not permitted|SYSTEM|"})
    void runtimeRefusals_asMobysSetExitCodeFromError(String runtime, ErrorKind kind, String suffix) {
        EngineException e = StartErrors.of(runtime);
        assertEquals(kind, e.kind());
        String tail = suffix == null ? "" : suffix.equals("HINT") ? StartErrors.NOT_A_DIRECTORY_HINT : suffix;
        assertEquals(WRAP + runtime + ": unknown" + tail, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unable to find user nosuch: no matching entries in passwd file",
        "unable to find group nosuch: no matching entries in group file",
        "Cannot mkdir: /etc/passwd is not a directory"})
    void unknownUserOrGroup_orAFileAsWorkdir_isMobysOwnRefusal_a500InItsWords(String runtime) {
        EngineException e = StartErrors.of(runtime);
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertEquals(runtime, e.getMessage());
    }
}
