"""Colour arithmetic for the brand colour: WCAG contrast, and the darker shades buttons use on hover and press."""


def _channels(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]


def relative_luminance(hex_colour):
    # WCAG 2.1's definition of relative luminance (sRGB).
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(hex_colour, amount):
    """The colour mixed with black by `amount` (0–1): darker shades keep their contrast against white."""
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in _channels(hex_colour))
