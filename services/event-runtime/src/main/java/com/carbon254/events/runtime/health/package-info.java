/** Health checks every service built on the event runtime shares (readiness on the schema registry). */
package com.carbon254.events.runtime.health;
