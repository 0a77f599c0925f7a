# The default theme's fonts: Noto Serif (regular, italic, bold) and Noto Sans (regular,
# bold) from Debian's fonts-noto-core, subset at build time to what the site's three
# languages print (Latin with Azerbaijani's Ə ə, Ğ ğ, I ı, Ş ş, Latin-1 and Extended-A,
# Cyrillic with its extensions, punctuation, ₼ ₽ €, arrows) and converted to WOFF2 by
# fontTools (python3-fonttools, python3-brotli). The server answers
# /assets/fonts/FILE from here when a theme does not carry the file itself.
set(QALAM_FONTS_DIR "${CMAKE_BINARY_DIR}/fonts")
set(noto_dir "/usr/share/fonts/truetype/noto")
set(subset_unicodes
    "U+0020-007E,U+00A0-017F,U+018F,U+0259,U+0300-0301,U+0308,U+0400-045F,U+0490-04FF,U+2010-2027,U+2030-203A,U+2044,U+20AC,U+20BC,U+20BD,U+2116,U+2122,U+2190-2193,U+21B3,U+2212")
set(subset_features "kern,liga,clig,calt,ccmp,locl,mark,mkmk,onum,lnum,tnum,pnum,case")
set(theme_font_files)
foreach(pair "NotoSerif-Regular:serif-400" "NotoSerif-Italic:serif-400-italic" "NotoSerif-Bold:serif-700"
             "NotoSans-Regular:sans-400" "NotoSans-Bold:sans-700")
  string(REPLACE ":" ";" parts "${pair}")
  list(GET parts 0 source)
  list(GET parts 1 target)
  set(input "${noto_dir}/${source}.ttf")
  set(output "${QALAM_FONTS_DIR}/${target}.woff2")
  if(NOT EXISTS "${input}")
    message(FATAL_ERROR "${input} is missing: run scripts/bootstrap (Debian package fonts-noto-core)")
  endif()
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${QALAM_FONTS_DIR}"
    COMMAND /usr/bin/python3 -m fontTools.subset "${input}" "--unicodes=${subset_unicodes}"
            --flavor=woff2 "--layout-features=${subset_features}" "--output-file=${output}"
    DEPENDS "${input}" "${CMAKE_SOURCE_DIR}/cmake/theme_fonts.cmake"
    COMMENT "Subsetting ${source} to ${target}.woff2"
    VERBATIM)
  list(APPEND theme_font_files "${output}")
endforeach()
add_custom_target(theme_fonts ALL DEPENDS ${theme_font_files})
