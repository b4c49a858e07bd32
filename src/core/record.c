#include "sangkien/record.h"
