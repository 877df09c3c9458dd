// INTERFACE STUB — the libyaml binding lands with issue 2.
import CYaml
