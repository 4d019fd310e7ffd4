def area(points):
    n = len(points)
    pairs = ((points[i], points[(i + 1) % n]) for i in range(n))
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairs)) / 2
