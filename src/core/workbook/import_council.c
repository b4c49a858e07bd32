typedef int sk_placeholder_ic;
