// Placeholder translation unit so the target builds before its topics land.
#include "CShim.h"
