#include "sangkien/date.h"
