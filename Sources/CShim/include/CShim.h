// Umbrella header of the C shim. Each topic has its own header beside this one.
#pragma once
