// libyaml, as installed by Debian's libyaml-dev (pkg-config name yaml-0.1).
#include <yaml.h>
