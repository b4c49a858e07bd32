#include "sangkien/text.h"
