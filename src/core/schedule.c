#include "sangkien/err.h"
