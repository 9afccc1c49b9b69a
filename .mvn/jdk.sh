# Sourced by ./platform and .ci/run: selects a JDK 21+ (the only prerequisite of the project).
# Uses JAVA_HOME when it is 21+, else the java on PATH, else the newest JDK 21+ under /usr/lib/jvm.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -Vr); do
    candidate="${candidate%/}"
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      local major; major="$(java_major "$candidate")"
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
    fi
  done
  return 1
}
if ! JAVA_HOME="$(pick_jdk)"; then
  echo "A JDK 21 or newer is required: install one and point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
