package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A plugin's error result (SPEC "Error"), printed on stdout with a non-zero exit. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PluginError(String cniVersion, int code, String msg, String details) {
}
