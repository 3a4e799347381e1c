# Project targets call vplab_warnings(target); third-party headers are included as system headers.
function(vplab_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
  if(VPLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
